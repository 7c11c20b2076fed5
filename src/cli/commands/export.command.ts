import type { Command } from 'commander';
import { netraVersion } from '../../collect/evidence/capture-time.ts';
import { FLAG_STATUSES } from '../../domain/statuses.ts';
import { UserError } from '../../domain/errors.ts';
import { isLabel, LABELS } from '../../domain/labels.ts';
import { EXPORT_ROLES } from '../../export/export-access.ts';
import { checkedCliActor } from '../cli-actor.ts';
import { exportDataset } from '../../export/export-dataset.ts';
import { TABLE_FORMATS, type TableFormat } from '../../export/dataset-writers.ts';
import { publicNameWords } from '../../export/public-names.ts';
import { parseRatios } from '../../export/splits.ts';
import type { ExportFilter } from '../../repositories/export.repository.ts';
import { intOption } from '../options.ts';
import { withContext } from '../with-context.ts';

interface ExportOptions {
  out: string;
  as: string;
  from?: string;
  to?: string;
  labels?: string[];
  status?: string[];
  agencies?: string[];
  platforms?: string[];
  reviewedOnly?: boolean;
  format: string;
  idsOnly?: boolean;
  includeDeleted?: boolean;
  purpose?: string;
  seed: string;
  splits: string;
  time: string;
  saveKey?: string;
}

const FORMATS = [...TABLE_FORMATS, 'label-studio'] as const;
const STATUSES = [...FLAG_STATUSES, 'unflagged'] as const;

const about = `
Writes <out>/data/{train,dev,test}.<format>, README.md (a datasheet and Hugging Face dataset card)
and manifest.json (file SHA-256s, versions, filters, seed). Accounts, people, posts and reviewers
become HMAC-SHA256 pseudonyms under a fresh key per release (never written into the export);
registered names (with spacing, hashtag and nickname variants), names after honorifics,
workplaces and positions, handles, links, emails, NIP, NIK, phone and bank account numbers,
number plates and street addresses in the text become placeholders; time is coarsened to the
week (or day), place to the province. A hash of each person's registry key and --seed picks
the split, so no person is in two splits and deleting posts moves no one. Deleted posts are left out
unless an admin asks, with a purpose. Every export is recorded in the audit log.

Example:
  netra export --out exports/2024-03 --as rina --reviewed-only --format jsonl,parquet --seed 7`;

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const isDay = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(new Date(`${d}T00:00:00Z`).getTime());

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write a pseudonymised, labelled research dataset (researcher or admin)')
    .requiredOption('--out <dir>', 'new or empty folder to write the export into')
    .requiredOption('--as <user>', `the netra user taking the export (role ${EXPORT_ROLES.join(' or ')})`)
    .option('--from <date>', 'first day (YYYY-MM-DD, WIB) of post time')
    .option('--to <date>', 'last day (YYYY-MM-DD, WIB), inclusive')
    .option('--labels <label...>', `any of: ${LABELS.join(', ')} (model, flag or human labels)`)
    .option('--status <status...>', `flag statuses, any of: ${STATUSES.join(', ')}`)
    .option('--agencies <agency...>', 'agency names (case-insensitive)')
    .option('--platforms <platform...>', 'platforms')
    .option('--reviewed-only', 'only posts people decided on (confirmed or dismissed flags, imported annotations)')
    .option('--format <list>', `comma-separated: ${FORMATS.join(', ')}`, 'jsonl')
    .option(
      '--ids-only',
      "no text: the platform's post ids instead, for rehydration where platform terms require it (admin only: the ids lead back to named accounts)",
    )
    .option('--include-deleted', 'include posts deleted by their authors (admin only, needs --purpose)')
    .option('--purpose <text>', 'why deleted posts are needed (recorded in the audit log)')
    .option('--seed <n>', 'seed of the train/dev/test split', '1')
    .option('--splits <ratios>', 'train/dev/test shares', '80/10/10')
    .option('--time <granularity>', 'post time as week (ISO week) or date', 'week')
    .option(
      '--save-key <file>',
      'keep the pseudonym key in this new file (mode 600; outside --out, not a symbolic link, never overwritten); by default it is thrown away',
    )
    .addHelpText('after', about)
    .action(
      withContext(async (ctx, o: ExportOptions) => {
        const formats = list(o.format);
        const bad = formats.find((f) => !(FORMATS as readonly string[]).includes(f));
        if (bad || formats.length === 0)
          throw new UserError(`--format ${JSON.stringify(o.format)}: use one or more of ${FORMATS.join(', ')}`);
        const tableFormats = formats.filter((f): f is TableFormat => (TABLE_FORMATS as readonly string[]).includes(f));
        const labelStudio = formats.includes('label-studio');
        if (labelStudio && o.idsOnly) throw new UserError('--format label-studio needs text; it cannot go with --ids-only');
        const badLabel = o.labels?.find((l) => !isLabel(l));
        if (badLabel) throw new UserError(`--labels ${JSON.stringify(badLabel)} is not a label; use ${LABELS.join(', ')}`);
        const badStatus = o.status?.find((s) => !(STATUSES as readonly string[]).includes(s));
        if (badStatus) throw new UserError(`--status ${JSON.stringify(badStatus)} is not a status; use ${STATUSES.join(', ')}`);
        for (const [flag, v] of [
          ['--from', o.from],
          ['--to', o.to],
        ] as const)
          if (v !== undefined && !isDay(v)) throw new UserError(`${flag} ${JSON.stringify(v)} must be a date YYYY-MM-DD`);
        if (o.from && o.to && o.from > o.to) throw new UserError(`--from ${o.from} is after --to ${o.to}`);
        const seed = intOption('--seed', o.seed);
        if (o.time !== 'week' && o.time !== 'date') throw new UserError(`--time ${JSON.stringify(o.time)}: use week or date`);
        let ratios;
        try {
          ratios = parseRatios(o.splits);
        } catch (e) {
          throw new UserError(`--splits: ${(e as Error).message}`);
        }
        const filter: ExportFilter = {
          ...(o.from ? { from: o.from } : {}),
          ...(o.to ? { to: o.to } : {}),
          ...(o.labels ? { labels: o.labels } : {}),
          ...(o.status ? { statuses: o.status as ExportFilter['statuses'] } : {}),
          ...(o.agencies ? { agencies: o.agencies } : {}),
          ...(o.platforms ? { platforms: o.platforms } : {}),
          ...(o.reviewedOnly ? { reviewedOnly: true } : {}),
          ...(o.includeDeleted ? { includeDeleted: true } : {}),
        };
        const { db } = await ctx.db();
        const { actor } = await checkedCliActor(db, {
          as: o.as,
          action: 'export',
          roles: EXPORT_ROLES,
          includeDeleted: Boolean(o.includeDeleted),
          idsOnly: Boolean(o.idsOnly),
          purpose: o.purpose ?? null,
        });
        const r = await exportDataset(db, {
          outDir: o.out,
          filter,
          formats: tableFormats.length ? tableFormats : ['jsonl'],
          labelStudio,
          idsOnly: Boolean(o.idsOnly),
          time: o.time,
          seed,
          ratios,
          actor,
          purpose: o.purpose ?? null,
          netraVersion: netraVersion(),
          logger: ctx.logger,
          keepWords: await publicNameWords(ctx.config.lexiconDir),
          secondReviewShare: ctx.config.secondReviewShare,
          sourceDirs: { modelsDir: ctx.config.modelsDir, lexiconDir: ctx.config.lexiconDir },
          retainExportsDays: ctx.config.retainExportsDays,
          ...(o.saveKey ? { saveKeyTo: o.saveKey } : {}),
        });
        const s = r.stats;
        process.stdout.write(
          `Export ${r.releaseId} written to ${r.outDir}\n` +
            `  posts     ${s.rows} (train ${s.perSplit.train}, dev ${s.perSplit.dev}, test ${s.perSplit.test}); ${s.reviewed} with human labels\n` +
            `  files     ${r.files.length} (README.md datasheet, manifest.json with SHA-256s)\n` +
            `  redacted  ${
              Object.entries(s.redactions)
                .filter(([, n]) => n > 0)
                .map(([k, n]) => `${k} ${n}`)
                .join(', ') || 'nothing'
            }\n` +
            (o.saveKey
              ? `  key       saved to ${o.saveKey} (keep it apart from the export)\n`
              : `  key       not kept: this release's pseudonyms cannot be linked to any other\n`),
        );
      }),
    );
}
