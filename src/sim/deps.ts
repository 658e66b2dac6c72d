/** What the simulator's route modules share. */
import type { Announce } from './lifecycle.ts';
import type { Limiter } from './limits.ts';
import type { Store } from './store.ts';

export interface SimDeps {
  store: Store;
  limiter: Limiter;
  announce: Announce;
  /** The origin the simulator is reached at (`http://127.0.0.1:8788`). */
  origin(): string;
}
