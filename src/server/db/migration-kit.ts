/**
 * What every migration is written with (migrations.ts holds the list): the Migration shape, the column
 * types that differ by dialect, and STRICT tables on SQLite. A file of its own so that a migration kept
 * in its own file needs no import of the list that imports it.
 */
import { sql, type ColumnDataType, type CreateTableBuilder, type Kysely } from 'kysely';
import type { DialectName } from './connect.ts';

export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

/** Column types by dialect. */
export const types = (dialect: DialectName): { int64: ColumnDataType } => ({ int64: dialect === 'postgres' ? 'bigint' : 'integer' });

/** SQLite tables are STRICT (a wrong type is an error, not a silent conversion); PostgreSQL always is. */
export const strict = <T extends string, C extends string>(table: CreateTableBuilder<T, C>, dialect: DialectName) =>
  dialect === 'sqlite' ? table.modifyEnd(sql`strict`) : table;
