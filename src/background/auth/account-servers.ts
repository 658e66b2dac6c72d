/**
 * Which hosts SignBridge accepts as DocuSign's account server (where the sign-in page opens and where
 * codes and refresh tokens go): DocuSign's own two, developer and production ("Authentication
 * URIs", https://developers.docusign.com/platform/auth/reference/), and, in development builds only,
 * loopback for the local simulator. A companion server cannot name another host.
 */
import { BUILD } from '../../shared/build.ts';
import { isLoopback } from './settings.ts';

export const DOCUSIGN_ACCOUNT_SERVERS = ['https://account-d.docusign.com', 'https://account.docusign.com'] as const;

/** Null when `url` is an acceptable account server, else why not (for the user). */
export function accountServerProblem(url: string, flavour = BUILD.flavour): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not an address.`;
  }
  if ((DOCUSIGN_ACCOUNT_SERVERS as readonly string[]).includes(parsed.origin)) return null;
  if (flavour === 'development' && isLoopback(parsed)) return null;
  return `${parsed.origin} is not DocuSign's sign-in server (only ${DOCUSIGN_ACCOUNT_SERVERS.join(' and ')} are).`;
}
