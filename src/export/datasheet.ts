import { describeKappa } from '../domain/agreement.ts';
import { LABEL_DEFINITIONS } from '../domain/label-definitions.ts';
import { LABELS } from '../domain/labels.ts';
import { PLACEHOLDERS } from './redact.ts';
import { SPLITS } from './splits.ts';
import type { DatasheetInput } from './datasheet-input.ts';
import { collectionSection, distributionSection, maintenanceSection, preprocessingSection, usesSection } from './datasheet-sections.ts';

/** Hugging Face's split name for each of netra's. */
const HF_SPLIT = { train: 'train', dev: 'validation', test: 'test' } as const;

const sizeCategory = (n: number) =>
  n < 1000 ? 'n<1K' : n < 10_000 ? '1K<n<10K' : n < 100_000 ? '10K<n<100K' : n < 1_000_000 ? '100K<n<1M' : 'n>1M';
const fmt = (x: number | null, d = 3) => (x === null ? 'n/a' : x.toFixed(d));
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

/** The dataset card: a Hugging Face YAML header, then a datasheet (Gebru et al.) in Markdown. */
export function renderDatasheet(d: DatasheetInput): string {
  const s = d.stats;
  const main = d.formats[0] ?? 'jsonl';
  const yaml = [
    '---',
    'pretty_name: netra ASN neutrality posts (pseudonymised research export)',
    'language:',
    '- id',
    'license: other',
    'license_name: netra-research-use',
    'task_categories:',
    '- text-classification',
    'task_ids:',
    '- multi-label-classification',
    `size_categories:`,
    `- ${sizeCategory(s.rows)}`,
    'configs:',
    '- config_name: default',
    '  data_files:',
    ...SPLITS.map((sp) => `  - split: ${HF_SPLIT[sp]}\n    path: data/${sp}.${main}`),
    '---',
  ].join('\n');

  const labelRows = [...LABELS, 'none', 'unreviewed'].map((l) => [
    l,
    ...SPLITS.map((sp) => s.humanLabels[l]![sp]),
    SPLITS.reduce((a, sp) => a + s.humanLabels[l]![sp], 0),
  ]);
  const modelRows = [...LABELS, 'none'].map((l) => [
    l,
    ...SPLITS.map((sp) => s.modelLabels[l]![sp]),
    SPLITS.reduce((a, sp) => a + s.modelLabels[l]![sp], 0),
  ]);
  const kappaRows = LABELS.map((l) => {
    const k = s.kappa[l]!;
    return [l, k.n, fmt(k.observed), fmt(k.kappa), describeKappa(k.kappa)];
  });
  const redactionRows = Object.entries(s.redactions).map(([k, n]) => [`\`${PLACEHOLDERS[k as keyof typeof PLACEHOLDERS]}\``, k, n]);
  const filters = Object.entries(d.filters).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0));

  return `${yaml}

# netra research export ${d.releaseId}

${
  d.idsOnly
    ? `> **Warning: ids-only export, admin use only.** This is not anonymous data. Each row holds the
> platform's own post id, which leads straight back to the named account that posted it, together
> with a per-person pseudonym (so all posts of one person are linked) and the analysts' verdicts.
> Treat it as personal data about identifiable civil servants: share it only under an agreement
> that allows it, never publish it, and delete it when the purpose is met.

`
    : ''
}Created ${d.createdAt.toISOString()} by netra ${d.netraVersion}. ${s.rows} posts, ${s.reviewed} of them with human labels.
Files: ${SPLITS.map((sp) => `\`data/${sp}.{${d.formats.join(',')}}\``).join(', ')}${d.labelStudio ? ', `label-studio/tasks.json` (Label Studio tasks) and `label-studio/config.xml`' : ''}; \`manifest.json\` lists every file with its SHA-256.

## Motivation
netra watches public social-media posts of Indonesian civil servants (ASN) for possible breaches of
their election-neutrality pledge (ikrar netralitas ASN, Pemilu 2024) and puts them in front of
human analysts. This export lets researchers study online neutrality breaches, hate speech and
hoaxes, and measure classifiers against the analysts' judgements. A label here is an analyst's
judgement that a post is worth treating as a possible breach, **never a finding that a person
broke a rule**.

## Composition
- One row per post. Fields: \`id\` (pseudonymous post id, valid in this release only), \`split\`,
  ${d.idsOnly ? "`platform_post_id` (the platform's own post id, to rehydrate the text through the platform under its terms; **no text in this export**)" : '`text` (redacted, see below)'}, \`platform\`, \`time\`
  (${d.time === 'week' ? 'ISO week of the post time in WIB, e.g. 2024-W06' : 'day of the post time in WIB'}), \`province\`, \`account\` and \`person\`
  (keyed pseudonyms), \`labels\` (human labels; empty: reviewed, none applies; null: not reviewed),
  \`label_source\` (\`review\`: netra's analysts; \`label-studio\`: imported annotations), \`agreement\`,
  \`annotations\` (every judgement: pseudonymous annotator, round, decision, labels, day), \`scores\`
  and \`model_labels\` (the classifier's scores and the labels over its thresholds), \`flag_status\`,
  \`deleted\`, \`classifier\`. CSV and Parquet flatten these into \`label_<name>\` (1/0/empty) and
  \`score_<name>\` columns.
- Posts per split: ${SPLITS.map((sp) => `${sp} ${s.perSplit[sp]}`).join(', ')}. Platforms: ${
    Object.entries(s.platforms)
      .map(([p, n]) => `${p} ${n}`)
      .join(', ') || 'none'
  }.
  ${s.accounts} accounts of ${s.persons} people in ${s.provinces} provinces. Time range: ${s.timeRange ? `${s.timeRange[0]} to ${s.timeRange[1]}` : 'n/a'}.
  Deleted posts included: ${s.deleted}.
- Filters: ${filters.length ? filters.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join('; ') : 'none (every classified post that was not deleted)'}.

### Human labels per split
${table(['label', ...SPLITS, 'total'], labelRows)}

### Model labels per split
${table(['label', ...SPLITS, 'total'], modelRows)}

${collectionSection(d)}

${preprocessingSection(d)}

## Splits
Train/dev/test (${SPLITS.map((sp) => `${Math.round(d.ratios[sp] * 100)}%`).join('/')}), **grouped by person** (by account where no person is
known): no person's posts are in two splits, so a model cannot score well by recognising authors.
Each person's split is picked by a hash of seed ${d.seed} and the person's registry key, so the same
seed gives the same split for a person in every release, and deleting posts moves no one. Not
stratified: the label counts per split above show how evenly labels fell. Hugging Face calls
\`dev\` \`validation\`.

## Labels
${LABEL_DEFINITIONS.map((l) => `### ${l.label} (${l.term}; pledge clause ${l.pledgeClause})\n${l.definition}\n- Yes: ${l.yes}\n- No: ${l.no}`).join('\n\n')}

## Annotation process and agreement
The classifier (netra's rules and models) raises a flag when a post passes a label's threshold;
an analyst in netra's review app confirms it (choosing the SKB 2022 item), corrects its labels or
dismisses it, or escalates it to a supervisor. Unflagged posts are not reviewed (\`labels\` null).
A share of flags${d.secondReviewShare !== null ? ` (set to ${Math.round(d.secondReviewShare * 100)}%)` : ''} goes blind to a second analyst who does not see the first decision. In this
export ${s.secondReview.second} of the ${s.secondReview.decided} flags decided in the review app had a blind second review
(${s.secondReview.decided ? `${((100 * s.secondReview.second) / s.secondReview.decided).toFixed(1)}%` : 'n/a'}). Disagreements go
to a supervisor, whose decision is final (\`agreement\`: single, agreed, disagreed, adjudicated).
Imported Label Studio annotations count when no analyst reviewed the post (per-label majority).
Agreement counts: ${
    Object.entries(s.agreement)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none'
  }.

Cohen's kappa per label, on posts judged independently by two people:

${table(['label', 'pairs', 'observed agreement', 'kappa', 'reading'], kappaRows)}

## Privacy
- Accounts, people, posts and annotators are replaced by HMAC-SHA256 pseudonyms under a random
  key made for this release only and not included in it: a guessed account cannot be tested
  against a pseudonym, and pseudonyms differ between releases. **Releases can still be joined**:
  ${d.idsOnly ? 'platform post ids are the same in every release' : "a post's redacted text is the same in every release, so rows (and through them the person pseudonyms) of two releases can be matched on the text"}. netra keeps, in its own database only,
  which post each pseudonymous post id stands for, so that annotations can be brought back.
- ${d.idsOnly ? 'No text is exported.' : "Text is redacted: registered names (also spaced out, in hashtags, name parts and nicknames), other people's names after an honorific, the registry's workplaces and positions, handles and ids, links and short links, emails, @handles, NIP (18 digits), NIK (16 digits), phone and bank account numbers, number plates, street addresses and other long digit runs become placeholders:"}
${d.idsOnly ? '' : `\n${table(['placeholder', 'what', 'replaced in this export'], redactionRows)}\n`}
- Time is coarsened to ${d.time === 'week' ? 'the ISO week' : 'the day'}, place to the province. Agencies and positions are not columns; the registry's agency and position names are redacted in the text.
- Redaction is automatic and can miss an identifier written in an unusual way (names of people
  not in the registry without an honorific, misspelt names, identifiers in images). Report any you find to the data controller; do not use them.
- CSV cells starting with \`=\`, \`+\`, \`-\` or \`@\` carry a leading \`'\` so that spreadsheets do not run them.

## Known biases and limitations
- Posts come from accounts in netra's registry (civil servants whose accounts were linked by
  analysts), not from a sample of Indonesian social media; registries over-represent agencies and
  regions that were watched more closely.
- Only flagged posts are reviewed, so human labels are conditional on the classifier's thresholds:
  positives the classifier missed are rarely labelled; \`none\` among reviewed rows means "flagged
  and dismissed", not a random negative.
- Labels follow netra's definitions for one election (Pemilu/Pilkada 2024); political camps,
  slogans and slang change between elections.
- A rare combination of province, week and platform can narrow down who posted: publish
  aggregates, not rows, for small groups.
- Redaction placeholders change the text's distribution (\`PERSON\`, \`USER\`, \`URL\`).

${usesSection()}

${distributionSection(d)}

${maintenanceSection(d)}

## Versions
netra ${d.netraVersion}; classifiers ${d.versions.classifiers.join(', ') || 'n/a'}; nlp ${d.versions.nlp.join(', ') || 'n/a'}; lexicons ${d.versions.lexicon.join(', ') || 'n/a'}${
    Object.keys(d.versions.models).length
      ? `; models ${Object.entries(d.versions.models)
          .map(([t, v]) => `${t} ${v.join('/')}`)
          .join(', ')}`
      : ''
  }. Split seed ${d.seed}.
`;
}
