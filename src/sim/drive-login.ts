/**
 * Drives the simulator's login and consent pages without a browser, as a user would: open the
 * authorization URL, fill Email and Password, press "Log in", then "Allow access" or "Deny" if asked.
 * Returns the final redirect to the client's redirect URI. For tests of code that starts OAuth.
 */
export interface DriveLoginOptions {
  email: string;
  password: string;
  /** What to press on the consent page if it is shown (default: allow). */
  consent?: 'allow' | 'deny';
  /** The fetch that reaches the simulator (`sim.fetch` in-process, or the global fetch for a listening one). */
  fetch: typeof fetch;
}

export interface DriveLoginResult {
  /** Where the account server sent the browser back (`redirect_uri?code=...&state=...` or `?error=...`). */
  location: string;
  /** Pages seen on the way ('login', 'consent'). */
  pages: ('login' | 'consent')[];
}

const hidden = (page: string): string | undefined => /name="request" value="([^"]+)"/.exec(page)?.[1];

export async function driveLogin(authorizationUrl: string, options: DriveLoginOptions): Promise<DriveLoginResult> {
  const pages: DriveLoginResult['pages'] = [];
  const origin = new URL(authorizationUrl).origin;
  let res = await options.fetch(authorizationUrl, { redirect: 'manual' });
  for (let step = 0; step < 4; step++) {
    const location = res.headers.get('location');
    if (location !== null) return { location, pages };
    const page = await res.text();
    const request = hidden(page);
    if (res.status >= 400 && !page.includes('Log in')) throw new Error(`account server refused: ${res.status} ${page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 300)}`);
    if (!request) throw new Error('no login or consent form on the page');
    if (page.includes('action="/oauth/login"')) {
      if (pages.includes('login')) throw new Error('login refused: check the email and password');
      pages.push('login');
      res = await options.fetch(`${origin}/oauth/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ request, email: options.email, password: options.password }),
      });
    } else {
      pages.push('consent');
      res = await options.fetch(`${origin}/oauth/consent`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ request, decision: options.consent ?? 'allow' }),
      });
    }
  }
  throw new Error('the account server did not redirect back');
}
