/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` in a temporary directory, `pg_ctl`
 * on a free loopback port with its socket in that directory, trust authentication for the local
 * `postgres` role, and everything removed on `stop()`. No vitest in here, so `test/bench` uses it too.
 *
 * PostgreSQL refuses to run as root; when we are root the cluster runs as the `postgres` system user
 * (created by Debian's package) through `runuser`.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (the maintenance database). */
  url: string;
  stop(): void;
}

/** The newest Debian PostgreSQL `bin` directory, or `SIGNBRIDGE_PG_BIN`; undefined when none is installed. */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env['SIGNBRIDGE_PG_BIN'];
  if (configured !== undefined && configured !== '') return existsSync(join(configured, 'initdb')) ? configured : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = join(root, version, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function systemUser(name: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

export async function startPostgresCluster(bin: string): Promise<PostgresCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'signbridge-pg-'));
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? systemUser('postgres') : undefined;
  if (asRoot && user === undefined) throw new Error('running as root and there is no "postgres" user to run PostgreSQL as');
  if (user !== undefined) chownSync(dir, user.uid, user.gid);
  const run = (program: string, args: string[]) => {
    const [command, argv] = user === undefined ? [join(bin, program), args] : ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]];
    execFileSync(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  };
  const data = join(dir, 'data');
  let started = false;
  const stop = () => {
    if (started) {
      started = false;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already gone: nothing to stop.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // --no-sync and fsync=off: the cluster lives for one test run, durability across a power cut is moot.
    run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
    const port = await freePort();
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses='127.0.0.1'",
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=300',
    ].join(' ');
    run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
    started = true;
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
