/**
 * Where the server finds each DocuSign account's Connect HMAC keys: a JSON file an administrator keeps
 * (`SIGNBRIDGE_CONNECT_KEYS_FILE`), one entry per account, each with up to 100 active keys so a key can be
 * rotated (add the new key in DocuSign and here, then remove the old one from both):
 *
 *   { "accounts": { "<DocuSign account id>": ["<key 1>", "<key 2>"] } }
 *
 * Per account rather than per tenant: linked DocuSign logins have no tenant, and DocuSign itself keeps
 * the keys per account (Settings → Connect → Add secret key).
 */
import * as v from 'valibot';

const Guid = v.pipe(v.string(), v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a DocuSign account id (GUID)'));
const Key = v.pipe(v.string(), v.minLength(16, 'a key must have at least 16 characters'), v.maxLength(200));

export const ConnectKeysFile = v.strictObject({
  accounts: v.record(Guid, v.pipe(v.array(Key), v.minLength(1, 'needs at least one key'), v.maxLength(100))),
});

export type ConnectKeys = ReadonlyMap<string, readonly string[]>;

/** The keys from the file's JSON, or what is wrong with it (naming the account and field). */
export function parseConnectKeys(json: unknown): { ok: true; value: ConnectKeys } | { ok: false; error: string } {
  const parsed = v.safeParse(ConnectKeysFile, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    return { ok: false, error: `${path === '' ? '' : `${path}: `}${issue.message}` };
  }
  return { ok: true, value: new Map(Object.entries(parsed.output.accounts).map(([id, keys]) => [id.toLowerCase(), keys])) };
}
