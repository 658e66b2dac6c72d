/**
 * `npm run bench:org`: what organization sending costs next to sending with a user's own token.
 *
 * In one run, against the in-process simulator and a real in-process identity provider: 100 sends with
 * a linked DocuSign login's token, then 100 sends by an organization member (the server sends as the
 * tenant's system user, by JWT grant), each on a server that has not sent before. Printed: token requests
 * to the account server per send (for the user: its login's code exchange; for the member: the JWT
 * grant) and userinfo lookups, counted from the login / sign-in on, the median latency of each and the ratio.
 * Ratios come from one run on the same machine; absolute numbers depend on the machine.
 */
import { createKit, createOrgKit, pdf, send } from '../support/server-kit.ts';

const SENDS = Number(process.env['BENCH_SENDS'] ?? 100);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

async function sends(app: Parameters<typeof send>[0], token: string, prefix: string): Promise<number[]> {
  const document = { bytes: pdf(2, 'Bench'), name: 'Bench.pdf' };
  const times: number[] = [];
  for (let i = 0; i < SENDS; i++) {
    const start = performance.now();
    const res = await send(app, { token, key: `key-${prefix}-${String(i).padStart(5, '0')}`, documents: [document] });
    times.push(performance.now() - start);
    if (res.status !== 201) throw new Error(`${prefix} send ${i}: ${res.status} ${await res.text()}`);
  }
  return times;
}

const org = await createOrgKit();
try {
  // Warm the shared code (multipart, simulator) up before either phase.
  const warm = createKit({ sim: org.sim });
  await sends(warm.app, await warm.login('alice'), 'warm');
  const calls = () => org.sim.control.calls();
  const count = (path: string) => calls().filter((c) => c.path === path).length;

  // Baseline: a linked login (Alice) on a fresh server sharing the simulator.
  const user = createKit({ sim: org.sim });
  const userBefore = { grants: count('/oauth/token'), userinfo: count('/oauth/userinfo') };
  const token = await user.login('alice');
  const userTimes = await sends(user.app, token, 'user');
  const userCost = { grants: count('/oauth/token') - userBefore.grants, userinfo: count('/oauth/userinfo') - userBefore.userinfo };

  // Organization: Dana of Adams Consulting. Counted from before the login / sign-in, which each ask once.
  const orgBefore = { grants: count('/oauth/token'), userinfo: count('/oauth/userinfo') };
  const { session } = await org.signIn('dana@adams.example', 'adams');
  const orgTimes = await sends(org.app, session, 'org');
  const orgCost = { grants: count('/oauth/token') - orgBefore.grants, userinfo: count('/oauth/userinfo') - orgBefore.userinfo };

  // The first sends of each warm the code paths up; the medians leave them out.
  const u = median(userTimes.slice(10));
  const o = median(orgTimes.slice(10));
  console.log(`\nOrganization sending vs a user's own token (${SENDS} sends each, one 2-page PDF, in-process simulator;`);
  console.log('token requests and userinfo lookups counted from the login / sign-in on)\n');
  console.log(`  ${'user token'.padEnd(22)} median ${u.toFixed(2)} ms   token requests/send ${(userCost.grants / SENDS).toFixed(3)}   userinfo/send ${(userCost.userinfo / SENDS).toFixed(3)}`);
  console.log(`  ${'organization member'.padEnd(22)} median ${o.toFixed(2)} ms   token requests/send ${(orgCost.grants / SENDS).toFixed(3)}   userinfo/send ${(orgCost.userinfo / SENDS).toFixed(3)}`);
  console.log(`\n  added latency of organization sending: ${(o - u).toFixed(2)} ms per send, ratio ${(o / u).toFixed(2)}×`);
} finally {
  await org.close();
}
