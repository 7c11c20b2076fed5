import type { DatasheetInput } from './datasheet-input.ts';

/**
 * The Datasheets-for-Datasets sections (Gebru et al. 2021) that say where a release came from
 * and where it may go: collection, preprocessing, uses, distribution (every source with its
 * licence or terms), maintenance. Each is generated from what the release holds.
 */

const list = (xs: string[]) => xs.map((x) => `- ${x}`).join('\n');

export function collectionSection(d: DatasheetInput): string {
  const s = d.stats;
  const platforms = Object.entries(s.platforms)
    .map(([p, n]) => `${p} (${n})`)
    .join(', ');
  return `## Collection process
${list([
  `Public posts of the accounts in netra's registry of civil servants (${s.accounts} accounts of ${s.persons} people in this release), collected by netra's scans from ${platforms || 'no platform'}: logged out from the public web page, or through a platform's research API where the data controller has access. Nothing behind a login, no private messages, no follower lists.`,
  `An account is in the registry because an analyst linked it to a registered person, with the source, confidence and evidence of that link; a link can be wrong (an analyst's "wrong identity" dismissal marks it disputed).`,
  `Posts were published ${s.timeRange ? `from ${s.timeRange[0]} to ${s.timeRange[1]}` : 'at unknown times'} (${d.time === 'week' ? 'ISO weeks' : 'days'}, WIB). Scans collect newly published posts and re-read known ones to record edits and deletions; ${s.deleted} deleted post(s) are included${s.deleted ? ' (an admin asked, with a purpose)' : ''}.`,
  `The people posting were not asked: the posts are public and the collection rests on the legal basis in netra's DPIA (docs/dpia.md: supervision of ASN neutrality, UU PDP 27/2022 art. 20(2)(e)). A person's erasure request removes them from netra and lists this release for recall.`,
  `Selection for this release: ${Object.keys(d.filters).length ? 'the filters under Composition' : 'every classified post that was not deleted'}.`,
])}`;
}

export function preprocessingSection(d: DatasheetInput): string {
  return `## Preprocessing, cleaning and labelling
${list([
  d.idsOnly
    ? 'No text is exported (ids only).'
    : 'Text: the post as collected (its latest version), redacted as under Privacy; no other normalisation, so typos, slang and emoji are as written. The raw platform records are not exported.',
  `Time coarsened to ${d.time === 'week' ? 'the ISO week' : 'the day'}, place to the province; accounts, people, posts and annotators replaced by per-release pseudonyms.`,
  "Model scores (`scores`, `model_labels`): netra's classifier at the time of classification (versions under Versions; the models' training data under Distribution).",
  "Human labels (`labels`): decisions of netra's analysts in the review app, or imported Label Studio annotations (see Annotation process and agreement). Unflagged posts are not reviewed.",
  'The raw data (posts as collected, with identities) stay in netra under its retention settings; they are not part of this release.',
])}`;
}

export function usesSection(): string {
  return `## Uses
${list([
  "Intended: research on online neutrality breaches, hate speech, hoaxes and their detection; measuring classifiers against the analysts' judgements.",
  "Used so far by netra itself: retraining its classifiers on the analysts' decisions (`netra train --with-reviews`).",
  'Not for: decisions about individuals, employment or discipline, automated enforcement, re-identifying anyone, or publishing rows about identifiable people. A label is a judgement that a post is worth a look, never a verdict against a person.',
  'Labels are conditional on the classifier having flagged the post (see Known biases): do not read `none` as a random negative.',
])}`;
}

export function distributionSection(d: DatasheetInput): string {
  const src = d.sources;
  const out = [
    `## Distribution
Given by the data controller to named researchers under its research agreement (\`license: other\` above); not for public posting. ${d.idsOnly ? 'This ids-only release is personal data: never publish it.' : ''} Every source the rows and labels derive from, with its licence or terms:`,
  ];
  if (!src) {
    out.push('', '(not recorded for this release)');
    return out.join('\n');
  }
  out.push('', '**Collected posts** (the text belongs to its authors; the platform terms bind whoever holds it):');
  out.push(list(src.platforms.map((p) => `${p.platform} (${p.posts} posts): ${p.terms}`)) || '- none');
  out.push('', '**Model training data** (behind `scores` and `model_labels`):');
  const models = src.models.map((m) =>
    m.files
      ? `${m.task} ${m.version}: ${m.files.map((f) => `\`${f.path}\` (${f.licence})`).join('; ')}`
      : `${m.task} ${m.version}: metadata not found in netra's models folder`,
  );
  out.push(list(models) || '- no learned model (rules only)');
  out.push('', "**Lexicons** (the rules' words, `data/lexicons`):");
  out.push(list(src.lexicons.map((l) => `\`${l.source}\`: ${l.licence}`)) || '- not recorded');
  out.push('', '**Debunked claims** (hoax scores match posts against them):');
  out.push(list(src.claims.map((c) => `${c.source} (${c.claims} claims): ${c.licence}`)) || '- none (hoax scored by rules alone)');
  out.push(
    '',
    'Where a source is CC BY-NC-SA 4.0 (Ibrohim & Budi), material derived from it is non-commercial and share-alike; where a licence is not stated, use is limited to research and the source must be cited.',
  );
  return out.join('\n');
}

export function maintenanceSection(d: DatasheetInput): string {
  return `## Maintenance
${list([
  'Maintained by the data controller that runs netra (contact: the person who gave you this release). A release never changes: corrections come as a new release with a new id and new pseudonyms.',
  `Recall: when a person in this release asks for erasure, netra lists this release (\`netra exports affected\`) and the controller asks recipients to delete it; delete it when asked, and when your purpose is met.`,
  `netra keeps the mapping from this release's pseudonymous post ids to its posts ${d.retainExportsDays === null ? 'until a person is erased' : `for ${d.retainExportsDays} days (then retention removes it, and imported annotations can no longer be matched)`}; the pseudonym key is ${d.keySaved ? 'kept apart by the exporting user' : 'not kept'}.`,
  'Errors (a missed identifier, a wrong label): report them to the data controller; do not use them.',
])}`;
}
