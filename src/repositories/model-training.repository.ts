import type { Db } from '../db/handle.ts';

/** Record which persons' reviewed posts a version was trained on (person id -> number of posts). */
export async function recordTrainingPersons(db: Db, task: string, version: string, persons: ReadonlyMap<number, number>): Promise<void> {
  const rows = [...persons].map(([person_id, posts]) => ({ task, version, person_id, posts }));
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('model_training_persons')
      .values(rows.slice(i, i + 1000))
      .execute();
}

/** Model versions trained on a person's reviewed posts (recorded at training time). */
export async function modelsTrainedOn(db: Db, personId: number): Promise<{ task: string; version: string; at: Date; posts: number }[]> {
  const rows = await db
    .selectFrom('model_training_persons')
    .select(['task', 'version', 'trained_at', 'posts'])
    .where('person_id', '=', personId)
    .orderBy('trained_at')
    .orderBy('task')
    .execute();
  return rows.map((r) => ({ task: r.task, version: r.version, at: r.trained_at, posts: r.posts }));
}

/** Delete a person's training mappings (erasure); returns how many. */
export async function deleteTrainingPersons(db: Db, personId: number): Promise<number> {
  const r = await db.deleteFrom('model_training_persons').where('person_id', '=', personId).executeTakeFirst();
  return Number(r.numDeletedRows);
}
