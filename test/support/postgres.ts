/**
 * The databases a store test runs on: SQLite always, PostgreSQL when the run has one (started by
 * `postgres-global.ts`, or given as `SIGNBRIDGE_TEST_POSTGRES`). Without PostgreSQL, outside CI the
 * PostgreSQL half is skipped and says so loudly; under CI=true it fails.
 *
 * `describeEachStore(name, body)` runs `body` once per database; `backend.location()` gives a fresh,
 * empty database each call (a new SQLite file, or a new PostgreSQL database), dropped after the suite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, inject, test } from 'vitest';

export const IN_CI = process.env['CI'] === 'true' || process.env['CI'] === '1';

export interface StoreBackend {
  name: 'SQLite' | 'PostgreSQL';
  /** A new empty database, as a `SIGNBRIDGE_DATABASE` value. */
  location(): Promise<string>;
}

let counter = 0;

/** Creates an empty database on the server at `adminUrl`; `drop()` removes it and its connections. */
export async function createPostgresDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `sb_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

function sqliteBackend(): StoreBackend {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return {
    name: 'SQLite',
    location: () => {
      const dir = mkdtempSync(join(tmpdir(), 'sb-store-'));
      dirs.push(dir);
      return Promise.resolve(join(dir, 'signbridge.sqlite'));
    },
  };
}

function postgresBackend(adminUrl: string): StoreBackend {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });
  return {
    name: 'PostgreSQL',
    location: async () => {
      const database = await createPostgresDatabase(adminUrl);
      drops.push(() => database.drop());
      return database.url;
    },
  };
}

/** The PostgreSQL server of this run, or why there is none. */
export function testPostgres(): { url: string } | { missing: string } {
  return inject('postgres');
}

/** `describe` once per database; PostgreSQL's half is a loud skip without one (a failure in CI). */
export function describeEachStore(name: string, body: (backend: StoreBackend) => void): void {
  describe(`${name} (SQLite)`, () => body(sqliteBackend()));
  describePostgres(name, (url) => body(postgresBackend(url)));
}

/** `describe` for tests that need PostgreSQL: skipped loudly without one, failing under CI=true. */
export function describePostgres(name: string, body: (adminUrl: string) => void): void {
  const provided = testPostgres();
  const title = `${name} (PostgreSQL)`;
  if ('url' in provided) {
    describe(title, () => body(provided.url));
  } else if (IN_CI) {
    describe(title, () => {
      test('PostgreSQL is available', () => {
        throw new Error(`PostgreSQL is required in CI: ${provided.missing}`);
      });
    });
  } else {
    console.warn(`\n*** SKIPPED "${title}": ${provided.missing} ***\n`);
    describe.skip(title, () => body(''));
  }
}
