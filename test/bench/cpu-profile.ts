/**
 * Where a server process spent its CPU, from a V8 `.cpuprofile` (`node --cpu-prof`): self time summed by
 * what the code does, judged by the script each sampled function comes from.
 */
import { readFileSync } from 'node:fs';

/** The parts of V8's `.cpuprofile` format read here and in content.ts. */
export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** First match wins; the order puts our own files before the libraries they call. */
const CATEGORIES: [string, RegExp][] = [
  ['hashing', /crypto\/hash|node:internal\/crypto/],
  ['multipart parsing', /src\/server\/(upload|multipart|sniff|filename)\.ts|undici.*(formdata|multipart)|hono\/dist\/.*body/],
  ['Connect (reading, merging, live streams)', /src\/server\/(connect-|status-)/],
  ['validation (valibot)', /node_modules\/valibot/],
  ['logging and metrics', /src\/server\/(log|metrics|request-context)\.ts|prom-client/],
  ['store (Kysely, SQLite, PostgreSQL)', /src\/server\/db\/|kysely|better-sqlite3|node_modules\/pg/],
  ['building DocuSign’s request', /src\/server\/(envelope|docusign|routes\/envelopes)\.ts/],
  ['HTTP in and out (Node, undici, Hono)', /^(writev|writeBuffer|writeUtf8String|writeLatin1String)$|node:_http|node:internal\/(http|stream|streams|net)|undici|@hono\/node-server|hono\/dist/],
  ['loader and compiler (start-up)', /tsx|esbuild|node:internal\/modules/],
  ['garbage collection', /^\(garbage collector\)$/],
  ['idle', /^\(idle\)$/],
];

export interface ProfileSummary {
  categories: { category: string; ms: number }[];
  /** The scripts (or native frames) of the biggest uncategorised self times. */
  topOther: { subject: string; ms: number }[];
}

/**
 * `from`: only samples from 50 ms before the first one whose stack runs through a script matching it
 * (the first request of the measurement), so the process's start-up is left out.
 */
export function summariseProfile(path: string, from: RegExp): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const runsThrough = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) if (from.test(byId.get(at)?.callFrame.url ?? '')) return true;
    return false;
  };
  const times: number[] = [];
  profile.timeDeltas.reduce((t, d, i) => (times[i] = t + d), 0);
  const first = profile.samples.findIndex(runsThrough);
  const startAt = (times[first] ?? 0) - 50_000;
  const totals = new Map<string, number>();
  const other = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (node === undefined || first < 0 || (times[i] ?? 0) < startAt) return;
    const { url, functionName } = node.callFrame;
    const subject = url === '' ? functionName : url;
    const category = CATEGORIES.find(([, pattern]) => pattern.test(subject))?.[0] ?? 'other';
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totals.set(category, (totals.get(category) ?? 0) + ms);
    if (category === 'other') other.set(`${subject} ${functionName}`, (other.get(`${subject} ${functionName}`) ?? 0) + ms);
  });
  const sorted = <K extends string>(map: Map<string, number>, key: K) =>
    [...map].map(([name, ms]) => ({ [key]: name, ms }) as Record<K, string> & { ms: number }).sort((a, b) => b.ms - a.ms);
  return { categories: sorted(totals, 'category'), topOther: sorted(other, 'subject').slice(0, 8) };
}
