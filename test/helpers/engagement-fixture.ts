import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Issue 16: a registered civil servant (Budi Santoso, test/fixtures/registry/small.csv) who
 * reposts, quotes, replies to and mentions in support the invented campaign accounts of an
 * invented race, on X and Instagram, as JSON Lines; and the campaign-accounts CSV.
 */
export const REGISTRY = path.resolve('test/fixtures/registry/small.csv');
export const CAMPAIGN = [
  'contest,owner_kind,owner_name,owner_ref,platform,handle,profile_url,source,source_url,note',
  'pilkada-uji-2024,pair,Calon A - Calon B,01,x,pair_ab,,surat KPU uji 1/2024 (fixture),,',
  'pilkada-uji-2024,team,Tim A-B,01,x,tim_ab,,surat KPU uji 1/2024 (fixture),,',
  'pilkada-uji-2024,pair,Calon A - Calon B,01,instagram,pair.ab,,surat KPU uji 1/2024 (fixture),,',
  'pilkada-uji-2024,party,Partai Uji,7,,,,keputusan KPU uji 2/2024 (fixture),,no handle cited',
].join('\n');

export const post = (id: string, o: Record<string, unknown>) =>
  JSON.stringify({ platform: 'x', external_id: id, handle: 'budi_guru', url: `https://x.com/budi_guru/status/${id}`, kind: 'post', ...o });
export const POSTS = [
  post('101', {
    text: '',
    kind: 'share',
    posted_at: '2024-10-01T08:00:00+07:00',
    shared: {
      kind: 'repost',
      external_id: '901',
      url: 'https://x.com/pair_ab/status/901',
      author_handle: 'pair_ab',
      text: 'Kampanye akbar Sabtu!',
    },
  }),
  post('102', {
    text: 'Setuju',
    kind: 'share',
    posted_at: '2024-10-02T08:00:00+07:00',
    shared: { kind: 'quote', external_id: '902', author_handle: 'pair_ab', text: 'Program 100 hari' },
  }),
  post('103', {
    text: 'Siap hadir',
    kind: 'reply',
    posted_at: '2024-10-03T08:00:00+07:00',
    reply_to: { external_id: '903', author_handle: 'tim_ab' },
  }),
  post('104', { text: 'Pilih nomor satu #coblos02 @pair_ab', posted_at: '2024-10-04T08:00:00+07:00' }),
  post('105', { text: 'Jalan rusak, mohon @pair_ab lihat', posted_at: '2024-10-05T08:00:00+07:00' }),
  JSON.stringify({
    platform: 'instagram',
    external_id: 'ig1',
    handle: 'budi.guru',
    text: 'gas #coblos02 @pair.ab',
    posted_at: '2024-10-06T08:00:00+07:00',
  }),
  post('106', {
    text: 'Retweet berita',
    kind: 'share',
    posted_at: '2024-10-06T09:00:00+07:00',
    shared: { kind: 'repost', external_id: '906', author_handle: 'berita_kota', text: 'x' },
  }),
];

/** Write the campaign accounts, the posts and a pipeline `p.yaml` scanning them into `dir`. */
export async function writeEngagementFixture(dir: string): Promise<string> {
  await writeFile(path.join(dir, 'ca.csv'), CAMPAIGN);
  await writeFile(path.join(dir, 'posts.jsonl'), POSTS.join('\n'));
  const file = path.join(dir, 'p.yaml');
  await writeFile(file, `name: eng\nregistry: ${REGISTRY}\ncampaignAccounts: ca.csv\nsources:\n  - kind: file\n    path: posts.jsonl\n`);
  return file;
}
