/**
 * `npm run server`: the companion server alone. Defaults are embedded so that it works on a fresh machine
 * (against the DocuSign simulator); see the README for every variable.
 */
import { startFromEnvironment } from './entry.ts';

// The production entry: the simulator only when asked for (SIGNBRIDGE_SIMULATOR=1), never by omission.
const running = await startFromEnvironment(process.env, 'signbridge server', { simulator: 'only-if-asked' });
if (running.simulator !== undefined) {
  console.log(`SignBridge server on ${running.url}, against the DocuSign simulator on ${running.simulator.origin} (demo logins: alice@example.com / alice-demo, bob@example.com / bob-demo)`);
}
