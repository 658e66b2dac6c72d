/**
 * What the admin operations keep between runs and share between server instances, per tenant: the
 * Monitor cursor (so the next fetch continues where the last stopped), the token generation (a reset
 * bumps it; every instance drops a token minted under an older one) and the last seen base_uri.
 */
export interface AdminState {
  getCursor(tenant: string, stream: string): Promise<string | undefined>;
  setCursor(tenant: string, stream: string, cursor: string): Promise<void>;
  tokenGeneration(tenant: string): Promise<number>;
  /** Increments the tenant's token generation and returns the new one. */
  bumpTokenGeneration(tenant: string): Promise<number>;
  getBaseUri(tenant: string, accountId: string): Promise<string | undefined>;
  setBaseUri(tenant: string, accountId: string, baseUri: string): Promise<void>;
}

export function memoryAdminState(): AdminState {
  const cursors = new Map<string, string>();
  const generations = new Map<string, number>();
  const baseUris = new Map<string, string>();
  return {
    getCursor: (tenant, stream) => Promise.resolve(cursors.get(`${tenant} ${stream}`)),
    setCursor: (tenant, stream, cursor) => Promise.resolve(void cursors.set(`${tenant} ${stream}`, cursor)),
    tokenGeneration: (tenant) => Promise.resolve(generations.get(tenant) ?? 0),
    bumpTokenGeneration(tenant) {
      const next = (generations.get(tenant) ?? 0) + 1;
      generations.set(tenant, next);
      return Promise.resolve(next);
    },
    getBaseUri: (tenant, accountId) => Promise.resolve(baseUris.get(`${tenant} ${accountId}`)),
    setBaseUri: (tenant, accountId, baseUri) => Promise.resolve(void baseUris.set(`${tenant} ${accountId}`, baseUri)),
  };
}
