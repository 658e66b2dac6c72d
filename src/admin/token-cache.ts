/**
 * The system user's JWT tokens, cached per tenant and instance, and reset for every instance at once:
 * each cached token remembers the tenant's token generation (admin state, shared by every instance on
 * the same store) it was minted under; a reset bumps the generation, so the next use anywhere mints a
 * new token. Tokens are renewed ten minutes before they end (as DocuSign's JWT sample does).
 */
import type { AdminState } from './state.ts';

export const RENEW_BEFORE_MS = 10 * 60_000;

export interface MintedToken {
  token: string;
  expiresAt: number;
}

export interface TokenCache {
  get(tenant: string): Promise<MintedToken>;
}

export function createTokenCache(deps: { state: AdminState; now: () => number; mint: (tenant: string) => Promise<MintedToken> }): TokenCache {
  const cached = new Map<string, MintedToken & { generation: number }>();
  const inFlight = new Map<string, Promise<MintedToken>>();
  return {
    async get(tenant) {
      const generation = await deps.state.tokenGeneration(tenant);
      const hit = cached.get(tenant);
      if (hit && hit.generation === generation && hit.expiresAt - RENEW_BEFORE_MS > deps.now()) return hit;
      // One mint per tenant at a time: concurrent sends share it.
      const pending = inFlight.get(tenant) ?? deps.mint(tenant).then((minted) => {
        cached.set(tenant, { ...minted, generation });
        return minted;
      });
      inFlight.set(tenant, pending);
      try {
        return await pending;
      } finally {
        inFlight.delete(tenant);
      }
    },
  };
}

/** The admin operation: every instance drops the tenant's cached token before its next call. */
export async function resetToken(state: AdminState, tenant: string): Promise<{ generation: number }> {
  return { generation: await state.bumpTokenGeneration(tenant) };
}
