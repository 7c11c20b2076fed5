import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** What repositories take first: the database, or a transaction the caller owns. */
export type Db = Kysely<Database> | Transaction<Database>;
