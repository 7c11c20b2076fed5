/**
 * What the tree records of each claim source's licence (README, "Hoax claims"; the SOURCE.md of
 * ../shared/datasets/hoax): the public claim sets state none, netra's own write-ups are the
 * project's. A source netra does not know is said to be unrecorded.
 */
const KNOWN: Record<string, string> = {
  turnbackhoax: 'content from turnbackhoax.id (Mafindo); licence not stated',
  mafindo: 'content from turnbackhoax.id (Mafindo), via aliffeldiyan/Hoax-news-detection; licence not stated',
  netra: "netra's own short write-ups of hoaxes TurnBackHoax debunked (this repository)",
};

export function claimSourceLicence(source: string): string {
  return KNOWN[source] ?? 'not recorded (imported from a JSON Lines file naming this source)';
}
