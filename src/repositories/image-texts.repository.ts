import { sql } from 'kysely';
import type { Db } from '../db/handle.ts';
import type { PostImageText } from '../domain/image-text.ts';

/** An image file of a post's current version that this OCR engine has not read yet. */
export interface ImageToRead {
  evidenceId: number;
  postId: number;
  postVersion: number;
  storagePath: string;
  sha256: string;
}

/** Image evidence (kind `image`) of these posts' current versions, not read with `engineKey`, not erased. */
export async function imagesToRead(db: Db, postIds: readonly number[], engineKey: string): Promise<ImageToRead[]> {
  if (postIds.length === 0) return [];
  return db
    .selectFrom('evidence as e')
    .innerJoin('posts as p', 'p.id', 'e.post_id')
    .select(['e.id as evidenceId', 'e.post_id as postId', 'p.current_version as postVersion', 'e.storage_path as storagePath', 'e.sha256'])
    .where('e.post_id', 'in', [...postIds])
    .where('e.kind', '=', 'image')
    .where('e.erased_at', 'is', null)
    .where((w) => w.or([w('e.post_version', 'is', null), w('e.post_version', '=', w.ref('p.current_version'))]))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('image_texts as t')
            .select(sql`1`.as('one'))
            .whereRef('t.evidence_id', '=', 'e.id')
            .where('t.engine_key', '=', engineKey),
        ),
      ),
    )
    .orderBy('e.post_id')
    .orderBy('e.id')
    .execute();
}

export interface ImageTextInput {
  postId: number;
  postVersion: number;
  evidenceId: number;
  sha256: string;
  engine: { key: string; engine: string; engineVersion: string; model: string; modelVersion: string };
  text: string;
  confidence: number;
  words: unknown[];
  passes: string[];
  error: string | null;
  ms: number;
}

/** Store what OCR read; an image already read with the same engine key stands (a retried job adds nothing). */
export async function storeImageTexts(db: Db, rows: readonly ImageTextInput[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('image_texts')
    .values(
      rows.map((r) => ({
        post_id: r.postId,
        post_version: r.postVersion,
        evidence_id: r.evidenceId,
        image_sha256: r.sha256,
        engine_key: r.engine.key,
        engine: r.engine.engine,
        engine_version: r.engine.engineVersion,
        model: r.engine.model,
        model_version: r.engine.modelVersion,
        text: r.text,
        confidence: r.confidence,
        words: JSON.stringify(r.words),
        passes: JSON.stringify(r.passes),
        error: r.error,
        ms: r.ms,
      })),
    )
    .onConflict((oc) => oc.columns(['evidence_id', 'engine_key']).doNothing())
    .execute();
}

/** The image texts of these post versions read with `engineKey` (also the empty ones: the post has images), by post id. */
export async function imageTextsOf(
  db: Db,
  posts: readonly { postId: number; version: number }[],
  engineKey: string,
): Promise<Map<number, PostImageText[]>> {
  const out = new Map<number, PostImageText[]>();
  if (posts.length === 0) return out;
  const rows = await db
    .selectFrom('image_texts as t')
    .innerJoin('evidence as e', 'e.id', 't.evidence_id')
    .select([
      't.id',
      't.post_id',
      't.post_version',
      't.evidence_id',
      't.image_sha256',
      't.engine',
      't.engine_version',
      't.model',
      't.model_version',
      't.text',
      't.confidence',
      't.words',
      'e.url',
      'e.details',
      'e.storage_path',
    ])
    .where('t.engine_key', '=', engineKey)
    .where(sql<boolean>`(t.post_id, t.post_version) in (${sql.join(posts.map((p) => sql`(${p.postId}, ${p.version})`))})`)
    .orderBy('t.id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.post_id) ?? [];
    list.push({
      id: r.id,
      postId: r.post_id,
      postVersion: r.post_version,
      evidenceId: r.evidence_id,
      sha256: r.image_sha256,
      storagePath: r.storage_path,
      file: typeof r.details.file === 'string' ? r.details.file : (r.url ?? `evidence #${r.evidence_id}`),
      ocr: `${r.engine} ${r.engine_version} ${r.model} (${r.model_version})`,
      text: r.text,
      confidence: r.confidence,
      words: r.words as PostImageText['words'],
    });
    out.set(r.post_id, list);
  }
  return out;
}

/** Every image text of a post (any engine), newest first: what the flag page lists. */
export async function imageTextsForPost(db: Db, postId: number) {
  return db.selectFrom('image_texts').selectAll().where('post_id', '=', postId).orderBy('id', 'desc').execute();
}
