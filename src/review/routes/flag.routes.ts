import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type DecisionKind, DISMISS_REASONS } from '../../domain/decisions.ts';
import { can } from '../../domain/roles.ts';
import { formatWib } from '../../domain/wib-time.ts';
import { appendAudit } from '../../repositories/audit.repository.ts';
import { addNote } from '../../repositories/decisions.repository.ts';
import { getEvidence, getFlagDetail } from '../../repositories/flag-detail.repository.ts';
import { listUsers } from '../../repositories/users.repository.ts';
import { secondReviewShare, type ReviewDeps } from '../app-deps.ts';
import { assertNotBlind, blindSafeConflict, redactBlind } from '../blind.ts';
import { decideFlag, type DecisionRequest } from '../decide.ts';
import { ConflictError, InvalidInputError, msg, NotFoundError } from '../errors.ts';
import { json, page, redirect, type RequestContext, type Route } from '../http/route.ts';
import { claim, release } from '../queue.ts';
import { decisionName, statusName } from '../terms.ts';
import { flagPage } from '../views/flag.view.ts';
import { MESSAGES, type Lang } from '../views/i18n.ts';
import { flagIdParam, intParam, optionalText } from './params.ts';

const DECISION_BODY = {
  type: 'object',
  required: ['version', 'decision'],
  properties: {
    version: { type: 'integer', description: 'the flag version you saw (optimistic concurrency)' },
    decision: { type: 'string', enum: ['confirm', 'dismiss', 'escalate', 'correct'] },
    skbItem: { type: 'integer', minimum: 1, maximum: 11, description: 'required for confirm' },
    dismissReason: { type: 'string', enum: Object.keys(DISMISS_REASONS), description: 'required for dismiss' },
    dismissText: { type: 'string', description: 'required when dismissReason is other' },
    labels: { type: 'array', items: { type: 'string' }, description: 'required for correct' },
    note: { type: 'string' },
  },
};

export function decisionFromBody(flagId: number, b: Record<string, unknown>): DecisionRequest {
  const decision = b['decision'];
  if (typeof decision !== 'string') throw new InvalidInputError(msg('Keputusan wajib diisi', 'decision is required'), 'decision');
  const labels = b['labels'] === undefined ? undefined : [b['labels']].flat();
  if (labels && !labels.every((l) => typeof l === 'string'))
    throw new InvalidInputError(msg('Label harus daftar nama label', 'labels must be a list of label names'), 'labels');
  return {
    flagId,
    version: intParam(b['version'], 'version', { min: 1 }),
    decision: decision as DecisionKind,
    skbItem: decision === 'confirm' ? intParam(b['skbItem'], 'skbItem', { min: 1, max: 11 }) : undefined,
    dismissReason: typeof b['dismissReason'] === 'string' ? b['dismissReason'] : undefined,
    dismissText: optionalText(b['dismissText'], 'dismissText'),
    labels: labels as string[] | undefined,
    note: optionalText(b['note'], 'note'),
  };
}

/** The conflict told in the page's language, from the error's details. */
function conflictText(lang: Lang, e: ConflictError): string {
  const t = MESSAGES[lang];
  const d = (e.details ?? {}) as {
    currentStatus?: string;
    assignee?: string | null;
    lastDecision?: { decision: string; by: string; byName: string; at: string | Date } | null;
  };
  const what = d.lastDecision
    ? `${decisionName(lang, d.lastDecision.decision)} ${t.decidedBy} ${d.lastDecision.byName} (${d.lastDecision.by}), ${formatWib(new Date(d.lastDecision.at))}.`
    : d.assignee
      ? `${t.claimedBy} ${d.assignee}.`
      : '';
  return `${t.conflict} ${what} ${t.status}: ${statusName(lang, d.currentStatus)}. ${t.nothingOverwritten}`;
}

const MSG_KEYS = {
  decided: 'decided',
  released: 'release',
  noted: 'notes',
  assigned: 'assigned',
  reopened: 'reopened',
  withdrawn: 'withdrawn',
} as const;

export function flagRoutes(d: ReviewDeps): Route[] {
  /** A flag as the user may see it: refused while they owe it a blind review; other flags of the person redacted likewise. */
  async function detail(ctx: RequestContext, id: number) {
    await assertNotBlind(d.db, ctx.user!, secondReviewShare(d), id);
    const det = await getFlagDetail(d.db, id);
    if (!det) throw new NotFoundError(msg(`Temuan ${id} tidak ada`, `flag ${id} does not exist`));
    return { ...det, otherFlags: await redactBlind(d.db, ctx.user!, secondReviewShare(d), det.otherFlags) };
  }
  async function renderFlag(ctx: RequestContext, id: number, message?: { kind: 'ok' | 'conflict' | 'error'; text: string }, status = 200) {
    const analysts = can(ctx.user!.role, 'flag.assign')
      ? (await listUsers(d.db))
          .filter((u) => !u.disabled && can(u.role, 'flag.decide'))
          .map((u) => ({ username: u.username, name: u.display_name }))
      : [];
    return page(
      flagPage({
        lang: ctx.lang,
        user: ctx.user!,
        csrfToken: ctx.csrfToken,
        detail: await detail(ctx, id),
        pledge: d.pledge,
        message,
        analysts,
      }),
      status,
    );
  }
  return [
    {
      method: 'GET',
      path: '/flags/:id',
      access: 'flag.read',
      api: false,
      handler: async (ctx) => {
        const key = ctx.url.searchParams.get('msg') as keyof typeof MSG_KEYS | null;
        const t = MESSAGES[ctx.lang];
        const text = key && Object.hasOwn(MSG_KEYS, key) ? t[MSG_KEYS[key]] : undefined;
        return renderFlag(ctx, flagIdParam(ctx.params['id']), text ? { kind: 'ok', text } : undefined);
      },
    },
    {
      method: 'POST',
      path: '/flags/:id/decide',
      access: 'flag.decide',
      api: false,
      handler: async (ctx) => {
        const id = flagIdParam(ctx.params['id']);
        try {
          await decideFlag(d.db, ctx.user!, decisionFromBody(id, ctx.body));
        } catch (err) {
          const e = await blindSafeConflict(d.db, ctx.user!, secondReviewShare(d), id, err);
          if (e instanceof ConflictError && e.details?.['blind']) throw e;
          if (e instanceof ConflictError) return renderFlag(ctx, id, { kind: 'conflict', text: conflictText(ctx.lang, e) }, 409);
          if (e instanceof InvalidInputError) return renderFlag(ctx, id, { kind: 'error', text: e.text(ctx.lang) }, 400);
          throw e;
        }
        return redirect(`/flags/${id}?msg=decided`);
      },
    },
    {
      method: 'POST',
      path: '/flags/:id/notes',
      access: 'flag.decide',
      api: false,
      handler: async (ctx) => {
        const id = flagIdParam(ctx.params['id']);
        await note(d, ctx, id);
        return redirect(`/flags/${id}?msg=noted`);
      },
    },
    {
      method: 'POST',
      path: '/flags/:id/release',
      access: 'flag.decide',
      api: false,
      handler: async (ctx) => {
        await release(d.db, ctx.user!, flagIdParam(ctx.params['id']));
        return redirect('/queue');
      },
    },
    {
      method: 'GET',
      path: '/evidence/:id',
      access: 'flag.read',
      api: false,
      handler: async (ctx) => evidenceFile(d, ctx),
    },
    {
      method: 'GET',
      path: '/api/flags/:id',
      access: 'flag.read',
      api: true,
      doc: {
        summary:
          'Everything about a flag: post, evidence spans, evidence files with hashes, account and ASN identity with link basis, findings (pledge clause, SKB items, sanction, targets, hoax claim), other flags of the person, versions, decisions, notes, audit history',
        tags: ['flags'],
      },
      handler: async (ctx) => json(await detail(ctx, flagIdParam(ctx.params['id']))),
    },
    {
      method: 'POST',
      path: '/api/flags/:id/decisions',
      access: 'flag.decide',
      api: true,
      doc: {
        summary:
          'Decide a flag. Applies only if `version` is still current; else 409 with who acted first (nothing is overwritten). Escalated flags: supervisors only.',
        tags: ['flags'],
        requestBody: DECISION_BODY,
        responses: {
          '200': 'decided: the updated flag',
          '400': 'invalid field',
          '403': 'role may not decide this flag',
          '409': 'changed by someone else first',
        },
      },
      handler: async (ctx) => {
        const id = flagIdParam(ctx.params['id']);
        const r = await decideFlag(d.db, ctx.user!, decisionFromBody(id, ctx.body)).catch(async (e: unknown) =>
          Promise.reject(await blindSafeConflict(d.db, ctx.user!, secondReviewShare(d), id, e)),
        );
        return json({ flag: r.flag, decisionId: r.decisionId });
      },
    },
    {
      method: 'POST',
      path: '/api/flags/:id/claim',
      access: 'flag.decide',
      api: true,
      doc: { summary: 'Claim this flag for review (409 when another analyst holds it)', tags: ['flags'] },
      handler: async (ctx) => {
        const id = flagIdParam(ctx.params['id']);
        const flag = await claim(d.db, ctx.user!, id, d.settings.claimMs).catch(async (e: unknown) =>
          Promise.reject(await blindSafeConflict(d.db, ctx.user!, secondReviewShare(d), id, e)),
        );
        return json({ flag });
      },
    },
    {
      method: 'POST',
      path: '/api/flags/:id/release',
      access: 'flag.decide',
      api: true,
      doc: { summary: 'Give your claim back to the queue (supervisors: anyone’s)', tags: ['flags'] },
      handler: async (ctx) => json({ flag: await release(d.db, ctx.user!, flagIdParam(ctx.params['id'])) }),
    },
    {
      method: 'POST',
      path: '/api/flags/:id/notes',
      access: 'flag.decide',
      api: true,
      doc: {
        summary: 'Add a note to a flag',
        tags: ['flags'],
        requestBody: { type: 'object', required: ['text'], properties: { text: { type: 'string', maxLength: 4000 } } },
      },
      handler: async (ctx) => json(await note(d, ctx, flagIdParam(ctx.params['id']))),
    },
    {
      method: 'GET',
      path: '/api/evidence/:id',
      access: 'flag.read',
      api: true,
      doc: { summary: 'An evidence file (screenshot inline; archived pages as a sandboxed download)', tags: ['flags'] },
      handler: async (ctx) => evidenceFile(d, ctx),
    },
    {
      method: 'GET',
      path: '/api/reference',
      access: 'signed-in',
      api: true,
      doc: { summary: 'SKB 2022 items with sanction levels, pledge clauses, dismiss reasons', tags: ['reference'] },
      handler: async () => json({ skb: d.pledge.skb.items, pledge: d.pledge.pledge.clauses, dismissReasons: DISMISS_REASONS }),
    },
  ];
}

async function note(d: ReviewDeps, ctx: RequestContext, flagId: number) {
  const text = optionalText(ctx.body['text'], 'text')?.trim();
  if (!text) throw new InvalidInputError(msg('Teks catatan wajib diisi', 'text is required'), 'text');
  const exists = await d.db.selectFrom('flags').select('id').where('id', '=', flagId).executeTakeFirst();
  if (!exists) throw new NotFoundError(msg(`Temuan ${flagId} tidak ada`, `flag ${flagId} does not exist`));
  const n = await addNote(d.db, flagId, ctx.user!.userId, text);
  await appendAudit(d.db, {
    actor: `user:${ctx.user!.username}`,
    action: 'flag.note_added',
    entityType: 'flag',
    entityId: flagId,
    context: { noteId: n.id },
  });
  return { id: n.id, createdAt: n.created_at };
}

const EXT: Record<string, string> = { 'image/png': 'png', 'multipart/related': 'mhtml', 'text/html': 'html', 'application/json': 'json' };

/**
 * Serve a stored evidence file. Screenshots (PNG) are shown inline; everything else — archived
 * pages are attacker-controlled HTML — is a download under a sandboxing CSP, never rendered here.
 */
async function evidenceFile(d: ReviewDeps, ctx: RequestContext) {
  const id = flagIdParam(ctx.params['id']);
  const e = await getEvidence(d.db, id);
  if (!e) throw new NotFoundError(msg(`Bukti ${id} tidak ada`, `evidence ${id} does not exist`));
  const root = path.resolve(d.settings.evidenceDir);
  const file = path.resolve(root, e.storage_path);
  if (!file.startsWith(root + path.sep))
    throw new NotFoundError(msg(`Bukti ${id} punya lokasi simpan yang tidak sah`, `evidence ${id} has an invalid storage path`));
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch {
    throw new NotFoundError(
      msg(
        `Berkas bukti ${e.storage_path} tidak ada di penyimpanan; minta operator memeriksanya`,
        `evidence file ${e.storage_path} is missing from the store (run netra evidence verify)`,
      ),
    );
  }
  const png = e.mime === 'image/png';
  return {
    kind: 'bytes' as const,
    body: data,
    contentType: png ? 'image/png' : 'application/octet-stream',
    headers: {
      'Content-Security-Policy': "sandbox; default-src 'none'",
      'Content-Disposition': `${png ? 'inline' : 'attachment'}; filename="evidence-${e.id}-${e.sha256.slice(0, 12)}.${EXT[e.mime ?? ''] ?? 'bin'}"`,
      'X-Evidence-SHA256': e.sha256,
      'Cache-Control': 'private, no-store',
    },
  };
}
