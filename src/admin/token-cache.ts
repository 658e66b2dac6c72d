/**
 * Token reset for every server instance at once: the tenant's token generation lives in the shared
 * store; the JWT grant (src/server/jwt-grant.ts) remembers the generation each cached token was minted
 * under and drops it once the generation moved, so the next use on any instance requests a new token.
 */
import type { AdminState } from './state.ts';

export async function resetToken(state: AdminState, tenant: string): Promise<{ generation: number }> {
  return { generation: await state.bumpTokenGeneration(tenant) };
}
