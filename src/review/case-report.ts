import type { PledgeRules } from '../domain/pledge.ts';
import type { CaseReportRow, Evidence } from '../db/schema.ts';
import { reportDeadline } from '../domain/decisions.ts';
import { formatWib } from '../domain/wib-time.ts';
import type { FlagDetail } from '../repositories/flag-detail.repository.ts';
import { legalBasisIndonesian } from './legal-basis.ts';
import { postKindName } from './terms.ts';

/** A Bawaslu case report (Perbawaslu 7/2022): formal and material fields, evidence, narrative. */
export interface CaseReport {
  number: string;
  flagId: number;
  generatedAt: string;
  formal: {
    reportingUnit: string;
    reporterName: string;
    reported: {
      name: string | null;
      nip: string | null;
      agency: string | null;
      position: string | null;
      employmentType: string | null;
      region: string | null;
      province: string | null;
    };
    discoveredAt: string;
    deadline: string;
    withinDeadline: boolean;
  };
  material: {
    timeOfEvent: string | null;
    place: string;
    platform: string;
    handle: string;
    accountId: string | null;
    profileUrl: string | null;
    postUrl: string | null;
    postId: string | null;
    interaction: string;
    /** The account's own words only (empty for a plain repost or a media-only quote). */
    text: string;
    /** The post it quotes or reposts: another account's words, stated as shared, never as the account's. */
    shared: {
      kind: 'quote' | 'repost';
      authorHandle: string | null;
      authorName: string | null;
      url: string | null;
      text: string | null;
    } | null;
    contentSha256: string | null;
    narrative: string;
    concerns: string[];
    skbItem: { number: number; act: string; level: string } | null;
    pledgeClause: { number: number; text: string } | null;
    legalBasis: string[];
    linkBasis: string | null;
  };
  evidence: {
    id: number;
    kind: string;
    sha256: string;
    bytes: number;
    capturedAt: string;
    url: string | null;
    method: string | null;
    storagePath: string;
  }[];
  /** The custody chain's head when the report was made: `netra evidence verify --anchor SEQ:HASH` checks it later. */
  evidenceChainHead: { seq: number; hash: string } | null;
  /** No evidence file was captured: the report says so at its top and in its evidence list, and is not ready to send. */
  evidenceMissing: boolean;
  decision: { by: string; at: string; note: string | null } | null;
  versions: { nlp: string; lexicon: string; models: Record<string, string> };
  saved: { version: number; updatedAt: string } | null;
}

/**
 * What the account did with another account's post, as a fact: "membagikan unggahan @akun". The
 * shared words are quoted as that account's, and only the account's own words (if any) as its own.
 */
function sharedAct(sh: NonNullable<NonNullable<FlagDetail['post']>['shared']>, own: string): string {
  const whose = sh.authorHandle ? `@${sh.authorHandle}` : 'akun lain';
  const what = `${sh.kind === 'repost' ? 'membagikan ulang (repost)' : 'membagikan (mengutip)'} unggahan ${whose}${sh.url ? ` (${sh.url})` : ''}${sh.text ? ` yang berbunyi: "${sh.text}"` : ''}`;
  return own.trim() ? `${what}, dengan kata-kata sendiri berikut: "${own}".` : `${what}, tanpa menambahkan kata-kata sendiri.`;
}

const ENGAGEMENT_ACT: Record<string, string> = {
  repost: 'membagikan ulang (repost) unggahan',
  quote: 'membagikan (mengutip) unggahan',
  reply: 'membalas unggahan',
  mention: 'menyebut dengan dukungan akun',
  follow: 'mengikuti akun',
  like: 'menyukai unggahan',
};

/** An engagement flag's items as facts, one sentence each: what the account did toward which campaign account's post. */
export function engagementActs(d: FlagDetail): string {
  return d.engagements
    .map(
      (e) =>
        `Pada ${formatWib(e.observedAt)}, akun ${e.account.platform} @${e.account.handle} ${ENGAGEMENT_ACT[e.kind] ?? e.kind} @${e.target.authorHandle} (akun kampanye ${e.campaign.ownerName}, ${e.campaign.contest})${e.target.url ? ` (${e.target.url})` : ''}${e.target.text ? ` yang berbunyi: "${e.target.text}"` : ''}${e.post?.text ? `, dengan kata-kata sendiri: "${e.post.text}"` : ''}.`,
    )
    .join(' ');
}

export function defaultNarrative(d: FlagDetail, skb: { number: number; act: string } | null, confirmedBy: string | null): string {
  const p = d.person;
  const who = p
    ? `${p.name}${p.nip ? ` (NIP ${p.nip})` : ''}${p.position ? `, ${p.position}` : ''}, ${p.agency}`
    : 'seorang ASN yang belum teridentifikasi';
  const skbText = skb
    ? `Setelah diperiksa${confirmedBy ? ` oleh ${confirmedBy}` : ''}, perbuatan ini diduga melanggar SKB 2022 butir ${skb.number} (${skb.act}).`
    : '';
  if (!d.post || !d.classification)
    return [
      `Akun-akun yang diyakini milik ${who} berinteraksi dengan akun kampanye sebanyak ${d.engagements.length} kali.`,
      engagementActs(d),
      `Interaksi pertama diketahui pada ${formatWib(d.flag.discovered_at)} melalui pemantauan media sosial.`,
      skbText,
    ]
      .filter(Boolean)
      .join(' ');
  const targets = [...new Set(d.classification.findings.flatMap((f) => (f.targets ?? []).map((t) => t.name)))];
  const parts = [
    `Pada ${d.post.postedAt ? formatWib(d.post.postedAt) : '(waktu unggah tidak diketahui)'}, akun ${d.post.platform} @${d.post.handle} yang diyakini milik ${who} ${d.post.shared ? sharedAct(d.post.shared, d.post.text) : `mengunggah ${postKindName('id', d.post.kind)} berikut: "${d.post.text}".`}`,
    targets.length ? `Konten tersebut berkaitan dengan ${targets.join(', ')}.` : '',
    `Unggahan diketahui pada ${formatWib(d.flag.discovered_at)} melalui pemantauan media sosial${d.post.url ? ` (${d.post.url})` : ''}.`,
    skbText,
  ];
  return parts.filter(Boolean).join(' ');
}

/** What the report's material shows for an engagement flag (no post of its own): its first item's account, every item in the text. */
function engagementStandIn(d: FlagDetail) {
  const first = d.engagements[0];
  return {
    postedAt: d.engagements.at(-1)?.observedAt ?? null,
    platform: first?.account.platform ?? '-',
    handle: first?.account.handle ?? '-',
    url: first?.post?.url ?? null,
    externalId: null,
    kind: 'engagement',
    text: engagementActs(d),
    shared: null,
    contentSha256: null,
  };
}

/** Assemble the report of a confirmed flag. */
export function buildCaseReport(
  d: FlagDetail,
  opts: {
    pledge: PledgeRules;
    reportingUnit: string;
    saved: CaseReportRow | undefined;
    now?: Date;
    chainHead?: { seq: number; hash: string } | null;
  },
): CaseReport {
  const now = opts.now ?? new Date();
  const confirm = [...d.decisions].reverse().find((x) => x.round === 1 && x.decision === 'confirm');
  const item = confirm?.skb_item ? opts.pledge.skb.items.find((i) => i.number === confirm.skb_item) : undefined;
  const skbItem = item ? { number: item.number, act: item.act, level: item.level } : null;
  const labels = d.flag.labels;
  const findings = (d.classification?.findings ?? []).filter((f) => labels.includes(f.label));
  // An engagement flag (no post of its own): the first item stands for the place, the narrative lists every item.
  const post = d.post ?? engagementStandIn(d);
  const clauseNo = findings[0]?.pledgeClause;
  const clause = clauseNo ? opts.pledge.pledge.clauses.find((c) => c.number === clauseNo) : undefined;
  const p = d.person;
  const deadline = reportDeadline(d.flag.discovered_at);
  const ev = (e: Evidence) => ({
    id: e.id,
    kind: e.kind,
    sha256: e.sha256,
    bytes: e.bytes,
    capturedAt: e.captured_at_wib ?? formatWib(e.captured_at),
    url: e.url,
    method: e.method,
    storagePath: e.storage_path,
  });
  return {
    number: `NETRA/${d.flag.discovered_at.getUTCFullYear()}/${String(d.flag.id).padStart(5, '0')}`,
    flagId: d.flag.id,
    generatedAt: formatWib(now),
    formal: {
      reportingUnit: opts.reportingUnit,
      reporterName: opts.saved?.reporter_name || confirm?.displayName || '',
      reported: {
        name: p?.name ?? null,
        nip: p?.nip ?? null,
        agency: p?.agency ?? null,
        position: p?.position ?? null,
        employmentType: p?.employmentType ?? null,
        region: p?.region ?? null,
        province: p?.province ?? null,
      },
      discoveredAt: formatWib(d.flag.discovered_at),
      deadline: formatWib(deadline),
      withinDeadline: now <= deadline,
    },
    material: {
      timeOfEvent: post.postedAt ? formatWib(post.postedAt) : null,
      place: opts.saved?.place || [`${post.platform} (media sosial daring)`, p?.region, p?.province].filter(Boolean).join(', '),
      platform: post.platform,
      handle: post.handle,
      accountId: d.account?.platformAccountId ?? null,
      profileUrl: d.account?.profileUrl ?? null,
      postUrl: post.url,
      postId: post.externalId,
      interaction: post.kind,
      text: post.text,
      shared: post.shared
        ? {
            kind: post.shared.kind,
            authorHandle: post.shared.authorHandle,
            authorName: post.shared.authorName,
            url: post.shared.url,
            text: post.shared.text,
          }
        : null,
      contentSha256: post.contentSha256,
      narrative: opts.saved?.narrative ?? defaultNarrative(d, skbItem, confirm?.displayName ?? null),
      concerns: [...new Set(findings.flatMap((f) => (f.targets ?? []).map((t) => t.name)))],
      skbItem,
      pledgeClause: clause ? { number: clause.number, text: clause.text } : null,
      legalBasis: [...new Set(findings.map((f) => legalBasisIndonesian(f.legalBasis)))],
      linkBasis: d.account ? [d.account.linkSource, d.account.linkEvidenceUrl].filter(Boolean).join(' — ') || null : null,
    },
    evidence: d.evidence.map(ev),
    evidenceChainHead: opts.chainHead ?? null,
    evidenceMissing: d.evidence.length === 0,
    decision: confirm ? { by: confirm.displayName, at: formatWib(confirm.decided_at), note: confirm.note } : null,
    versions: d.classification
      ? { nlp: d.classification.nlpVersion, lexicon: d.classification.lexiconVersion, models: d.classification.modelVersions }
      : { nlp: '-', lexicon: '-', models: {} },
    saved: opts.saved ? { version: opts.saved.version, updatedAt: formatWib(opts.saved.updated_at) } : null,
  };
}
