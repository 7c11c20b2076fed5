import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { UserRole } from '../../src/domain/roles.ts';
import { hashPassword } from '../../src/review/auth/password.ts';
import { createUser } from '../../src/repositories/users.repository.ts';

/** Cheap scrypt parameters for tests (the app verifies whatever parameters a hash carries). */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };
export const TEST_PASSWORD = 'kata-sandi-uji-123';

export async function seedUser(db: Kysely<Database>, username: string, role: UserRole, password = TEST_PASSWORD) {
  return createUser(
    db,
    {
      username,
      displayName: `${username[0]!.toUpperCase()}${username.slice(1)}`,
      role,
      passwordHash: await hashPassword(password, TEST_SCRYPT),
    },
    'test',
  );
}

export interface SeedFlagInput {
  text: string;
  labels?: string[];
  priority?: number;
  handle?: string;
  personName?: string;
  nip?: string;
  agency?: string;
  region?: string;
  platform?: string;
  postedAt?: Date;
  discoveredAt?: Date;
  evidence?: unknown[];
  findings?: unknown[];
}

let counter = 0;

/** One flagged post with its account, person, agency and classification, inserted directly. */
export async function seedFlag(db: Kysely<Database>, f: SeedFlagInput): Promise<{ flagId: number; postId: number; accountId: number }> {
  counter += 1;
  const platform = f.platform ?? 'x';
  const handle = f.handle ?? `asn_${counter}`;
  const agencyName = f.agency ?? 'Dinas Pendidikan Kota Bandung';
  const agency =
    (await db.selectFrom('agencies').select('id').where('name', '=', agencyName).executeTakeFirst()) ??
    (await db.insertInto('agencies').values({ name: agencyName }).returning('id').executeTakeFirstOrThrow());
  const nip = f.nip ?? `1985${String(counter).padStart(14, '0')}`;
  const person =
    (await db.selectFrom('persons').select('id').where('nip', '=', nip).executeTakeFirst()) ??
    (await db
      .insertInto('persons')
      .values({
        person_key: `nip:${nip}`,
        nip,
        name: f.personName ?? `Pegawai ${counter}`,
        agency_id: agency.id,
        position: 'Guru Ahli Pertama',
        region: f.region ?? 'Kota Bandung',
        province: 'Jawa Barat',
        employment_type: 'PNS',
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow());
  const account =
    (await db.selectFrom('accounts').select('id').where('platform', '=', platform).where('handle', '=', handle).executeTakeFirst()) ??
    (await db
      .insertInto('accounts')
      .values({
        person_id: person.id,
        platform,
        handle,
        profile_url: `https://x.com/${handle}`,
        link_source: 'bio menyebut jabatan',
        link_confidence: 0.9,
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow());
  const now = new Date();
  const post = await db
    .insertInto('posts')
    .values({
      platform,
      external_id: `seed-${counter}-${now.getTime()}`,
      account_id: account.id,
      handle,
      url: `https://x.com/${handle}/status/${counter}`,
      text: f.text,
      posted_at: f.postedAt ?? now,
      collected_at: now,
      last_seen_at: now,
      content_sha256: createHash('sha256').update(f.text).digest('hex'),
      raw: '{}',
      kind: 'post',
      current_version: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const labels = f.labels ?? ['partisan'];
  const cls = await db
    .insertInto('classifications')
    .values({
      post_id: post.id,
      post_version: 1,
      classifier_key: 'test',
      scores: JSON.stringify(Object.fromEntries(labels.map((l) => [l, 0.9]))),
      flags: JSON.stringify(labels),
      evidence: JSON.stringify(f.evidence ?? []),
      findings: JSON.stringify(f.findings ?? []),
      nlp_version: 'nlp-test',
      lexicon_version: 'lex-test',
      model_versions: '{}',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const flag = await db
    .insertInto('flags')
    .values({
      post_id: post.id,
      classification_id: cls.id,
      labels: JSON.stringify(labels),
      max_score: 0.9,
      priority: f.priority ?? 50,
      status: 'open',
      discovered_at: f.discoveredAt ?? now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { flagId: flag.id, postId: post.id, accountId: account.id };
}
