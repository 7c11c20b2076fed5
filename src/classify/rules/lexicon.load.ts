import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { PACKAGE_ROOT } from '../../config/paths.ts';
import { parseYaml } from '../../config/yaml-file.ts';
import { InputFileError, UserError } from '../../domain/errors.ts';
import { readTsv } from '../../nlp/resources.ts';
import {
  contestSchema,
  electionSchema,
  hateSchema,
  hoaxSchema,
  moneySchema,
  nicknamesSchema,
  partisanCuesSchema,
  thresholdsSchema,
  type Contest,
  type ElectionLexicon,
  type HateLexicon,
  type HoaxLexicon,
  type MoneyLexicon,
  type NicknameLexicon,
  type PartisanCues,
} from './lexicon.schema.ts';
import { pledgeSchema, type PledgeRules } from '../../domain/pledge.ts';

export const DEFAULT_RULES_DIR = path.join(PACKAGE_ROOT, 'data', 'rules');

/** One abusive word with its weight (data/lexicons/abusive.tsv). */
export interface AbusiveWord {
  word: string;
  weight: number;
  category: string;
}

/** Everything the rule classifier reads, validated. */
export interface RuleLexicons {
  /** Version of the lexicon set: `VERSION` file + short hash of every file read, e.g. `2024.3+1a2b3c4d`. */
  version: string;
  lexiconDir: string;
  rulesDir: string;
  election: ElectionLexicon;
  /** Nicknames, variants and mocking names of candidates and figures (candidate-nicknames.yaml). */
  nicknames: NicknameLexicon;
  partisan: PartisanCues;
  money: MoneyLexicon;
  hate: HateLexicon;
  hoax: HoaxLexicon;
  abusive: AbusiveWord[];
  pledge: PledgeRules;
  thresholds: Record<'partisan' | 'hate' | 'abusive' | 'hoax' | 'money_politics', number>;
}

async function read(file: string, hash: ReturnType<typeof createHash>): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  hash.update(path.basename(file)).update('\0').update(text).update('\0');
  return text;
}

async function yamlFile<S extends z.ZodType>(file: string, schema: S, hash: ReturnType<typeof createHash>): Promise<z.infer<S>> {
  return parseYaml(await read(file, hash), file, schema);
}

/**
 * Load and validate the rule lexicons from `lexiconDir` (election-2024.yaml, contests/*.yaml,
 * candidate-nicknames.yaml, partisan-cues.yaml, money-politics.yaml, hate-targets.yaml,
 * hoax-cues.yaml, abusive.tsv, VERSION) and the rule data from `rulesDir` (pledge.yaml,
 * thresholds.yaml). Errors name the file, the line and the field.
 */
export async function loadRuleLexicons(
  lexiconDir: string,
  rulesDir: string = DEFAULT_RULES_DIR,
  opts: { extraContestFiles?: readonly string[] } = {},
): Promise<RuleLexicons> {
  const hash = createHash('sha256');
  const f = (name: string) => path.join(lexiconDir, name);
  const declared = (await read(f('VERSION'), hash)).trim();
  if (!/^[0-9A-Za-z.+-]+$/.test(declared))
    throw new UserError(`${f('VERSION')}: must hold one version string such as 2024.3, got ${JSON.stringify(declared.slice(0, 40))}`);

  const election = await yamlFile(f('election-2024.yaml'), electionSchema, hash);
  let contestFiles: string[] = [];
  try {
    contestFiles = (await readdir(f('contests'))).filter((n) => n.endsWith('.yaml')).sort();
  } catch {
    // No contests folder: the national contests only.
  }
  for (const file of [...contestFiles.map((name) => path.join(f('contests'), name)), ...(opts.extraContestFiles ?? [])]) {
    election.contests.push(await yamlFile(file, contestSchema, hash));
  }
  checkContests(election.contests, lexiconDir);
  const nicknames = await yamlFile(f('candidate-nicknames.yaml'), nicknamesSchema, hash);
  checkNicknames(nicknames, election, f('candidate-nicknames.yaml'));

  const partisan = await yamlFile(f('partisan-cues.yaml'), partisanCuesSchema, hash);
  const money = await yamlFile(f('money-politics.yaml'), moneySchema, hash);
  const hate = await yamlFile(f('hate-targets.yaml'), hateSchema, hash);
  const hoax = await yamlFile(f('hoax-cues.yaml'), hoaxSchema, hash);

  const abusiveFile = f('abusive.tsv');
  await read(abusiveFile, hash);
  const abusive: AbusiveWord[] = [];
  for (const { line, cols } of readTsv(abusiveFile, 3)) {
    const w = Number(cols[1]);
    if (!cols[0]) throw new InputFileError([{ file: abusiveFile, line, field: 'word', message: 'must not be empty' }]);
    if (!Number.isFinite(w) || w < 0 || w > 1)
      throw new InputFileError([
        { file: abusiveFile, line, field: 'weight', message: `must be a number in [0, 1], got ${JSON.stringify(cols[1])}` },
      ]);
    abusive.push({ word: cols[0], weight: w, category: cols[2]! });
  }

  const pledge = await yamlFile(path.join(rulesDir, 'pledge.yaml'), pledgeSchema, hash);
  const t = await yamlFile(path.join(rulesDir, 'thresholds.yaml'), thresholdsSchema, hash);

  const version = `${declared}+${hash.digest('hex').slice(0, 8)}`;
  return { version, lexiconDir, rulesDir, election, nicknames, partisan, money, hate, hoax, abusive, pledge, thresholds: t.thresholds };
}

/** Cross-file checks the schemas cannot make: unique ids, one number-default contest. */
function checkContests(contests: Contest[], dir: string): void {
  const ids = new Set<string>();
  const pairIds = new Set<string>();
  let defaults = 0;
  for (const c of contests) {
    if (ids.has(c.id)) throw new UserError(`${dir}: contest id "${c.id}" is defined twice (election-2024.yaml or contests/*.yaml)`);
    ids.add(c.id);
    if (c.numberDefault) defaults++;
    for (const p of c.pairs) {
      if (pairIds.has(p.id)) throw new UserError(`${dir}: pair id "${p.id}" (contest ${c.id}) is defined twice`);
      pairIds.add(p.id);
    }
    for (const a of c.attackHashtags) {
      if (!c.pairs.some((p) => p.number === a.against))
        throw new UserError(
          `${dir}: contest ${c.id}: attack hashtag #${a.tag} is against pair number ${a.against}, which the contest does not have`,
        );
    }
  }
  if (defaults > 1) throw new UserError(`${dir}: only one contest may set numberDefault: true (found ${defaults})`);
}

/** Every nickname must refer to a candidate or pair the election lexicon defines (or be a figure's). */
function checkNicknames(n: NicknameLexicon, election: ElectionLexicon, file: string): void {
  const known = new Set<string>();
  for (const c of election.contests) {
    for (const p of c.pairs) {
      known.add(p.id);
      for (const cd of p.candidates) known.add(cd.id);
    }
  }
  for (const e of n.nicknames) {
    if (e.refers !== 'figure' && !known.has(e.refers))
      throw new UserError(
        `${file}: nickname "${e.text}" refers to "${e.refers}", which no contest of election-2024.yaml or contests/*.yaml defines`,
      );
  }
}
