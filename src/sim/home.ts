/** `GET /`: what this simulator is and how to log in, for people opening it in a browser during the demo. */
import { Hono } from 'hono';
import type { SimEnv } from './env.ts';
import { html, page } from './html.ts';
import type { Store } from './store.ts';

export function homeRoutes(store: Store, origin: () => string): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  app.get('/', (c) => {
    c.set('kind', 'sim');
    const users = [...store.users.values()].map((u) => html`<tr><td>${u.email}</td><td>${u.password}</td><td>${u.name}</td></tr>`);
    const accounts = [...store.accounts.values()].map((a) => html`<tr><td>${a.name}</td><td><code>${a.accountId}</code></td><td>${origin()}/${a.site}</td></tr>`);
    const body = html`<h1>DocuSign simulator</h1>
<p>A local stand-in for DocuSign's account server (<code>/oauth/*</code>) and eSignature REST API (<code>/{site}/restapi/v2.1</code>). Demo logins only.</p>
<table><caption>Logins</caption><tr><th>Email</th><th>Password</th><th>Name</th></tr>${users}</table>
<table><caption>Accounts</caption><tr><th>Name</th><th>Account id</th><th>base_uri</th></tr>${accounts}</table>`;
    return c.html(page('DocuSign simulator', body));
  });
  return app;
}
