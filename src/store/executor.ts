import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

/** A database handle or an open transaction (Kysely's Transaction is a Kysely): every store function takes one. */
export type Executor = Kysely<DB>;
