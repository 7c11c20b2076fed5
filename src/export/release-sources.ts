import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { claimSourceLicence } from '../claims/claim-licences.ts';
import type { Db } from '../db/handle.ts';
import { PLATFORM_TERMS } from '../domain/platform-terms.ts';
import { isPlatform } from '../domain/platforms.ts';
import { parseLexiconReadme, type SourceLicence } from '../domain/source-licence.ts';
import { readMetadata } from '../model/metadata.ts';
import { countClaims } from '../repositories/claims.repository.ts';

/** Every source a release's rows and labels derive from, each with its licence or terms. */
export interface ReleaseSources {
  /** The platforms the posts were collected from, with their terms. */
  platforms: { platform: string; posts: number; terms: string }[];
  /** The model versions behind `scores`/`model_labels`: each training file with its licence (null: metadata not found). */
  models: { task: string; version: string; files: { path: string; licence: string }[] | null }[];
  /** The lexicons the rules read (data/lexicons/README.md). */
  lexicons: SourceLicence[];
  /** The debunked-claim sets hoax scores were matched against. */
  claims: { source: string; claims: number; licence: string }[];
}

export interface ReleaseSourceDirs {
  modelsDir: string;
  lexiconDir: string;
}

/** Gather the release's sources from what netra records: platform terms, model metadata, the lexicons README, the claims table. */
export async function releaseSources(
  db: Db,
  o: ReleaseSourceDirs & { platforms: Record<string, number>; models: Record<string, string[]> },
): Promise<ReleaseSources> {
  const models: ReleaseSources['models'] = [];
  for (const [task, versions] of Object.entries(o.models))
    for (const version of versions) {
      const meta = await readMetadata(path.join(o.modelsDir, task, version)).catch(() => null);
      models.push({
        task,
        version,
        files: meta ? meta.training.dataFiles.map((f) => ({ path: f.path, licence: f.licence ?? 'not recorded with this version' })) : null,
      });
    }
  const readme = await readFile(path.join(o.lexiconDir, 'README.md'), 'utf8').catch(() => '');
  return {
    platforms: Object.entries(o.platforms).map(([platform, posts]) => ({
      platform,
      posts,
      terms: isPlatform(platform) ? PLATFORM_TERMS[platform] : 'the platform’s terms (not recorded in netra)',
    })),
    models,
    lexicons: parseLexiconReadme(readme),
    claims: (await countClaims(db)).map((c) => ({ source: c.source, claims: c.n, licence: claimSourceLicence(c.source) })),
  };
}
