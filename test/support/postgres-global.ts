/**
 * vitest globalSetup: one throwaway PostgreSQL cluster for the whole run, so `npm test` on a developer
 * machine tests the PostgreSQL store as CI does. `SIGNBRIDGE_TEST_POSTGRES=postgres://...` uses a
 * server you already run instead (each suite makes and drops its own database there).
 *
 * The outcome reaches the tests through `inject('postgres')`: a URL, or why there is none
 * (`test/support/postgres.ts` turns that into a loud skip, or a failure under CI=true).
 */
import type { TestProject } from 'vitest/node';
import { findPostgresBin, startPostgresCluster } from './postgres-cluster.ts';

export type PostgresProvided = { url: string } | { missing: string };

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresProvided;
  }
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const given = process.env['SIGNBRIDGE_TEST_POSTGRES'];
  if (given !== undefined && given !== '') {
    project.provide('postgres', { url: given });
    return undefined;
  }
  const bin = findPostgresBin();
  if (bin === undefined) {
    project.provide('postgres', { missing: 'no PostgreSQL in /usr/lib/postgresql/*/bin (apt-get install -y postgresql)' });
    return undefined;
  }
  try {
    const cluster = await startPostgresCluster(bin);
    // Also on an abrupt exit of the runner: a cluster left behind would hold its port and directory.
    const onExit = () => cluster.stop();
    process.once('exit', onExit);
    project.provide('postgres', { url: cluster.url });
    return () => {
      process.off('exit', onExit);
      cluster.stop();
    };
  } catch (error) {
    project.provide('postgres', { missing: `PostgreSQL in ${bin} did not start: ${error instanceof Error ? error.message : String(error)}` });
    return undefined;
  }
}
