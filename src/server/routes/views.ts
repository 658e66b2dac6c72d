/**
 * `POST /v1/envelopes/{id}/signing-sessions` (embedded signing for a captive signer) and
 * `POST /v1/envelopes/{id}/console-views` ("Open in DocuSign"). Both mint single-use URLs that are
 * answered once and never logged.
 *
 * A linked login starts signing only for envelopes it sent through SignBridge, and DocuSign itself
 * decides whether it may see an envelope in the console. A member acts with its tenant's system user,
 * who may see every envelope of the account, so both are limited to envelopes its tenant sent here.
 */
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import {
  ConsoleViewRequest,
  SigningOutcomeRequest,
  SigningSessionRequest,
  type ConsoleViewResponse,
  type SigningOutcomeResponse,
  type SigningSessionResponse,
} from '../../shared/api.ts';
import { ErrorCodes } from '../../shared/errors.ts';
import type { Caller } from '../caller.ts';
import { withSender, type SenderCredentials } from '../credentials.ts';
import type { DocuSignClient } from '../docusign.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http-error.ts';
import type { StatusStore } from '../status-store.ts';
import type { EnvelopeRow, Store } from '../store.ts';
import { bad, issueText, readSmallJson } from '../upload.ts';

export interface ViewDeps {
  client: DocuSignClient;
  credentials: SenderCredentials;
  store: Store;
  /** What Connect already reported (a signed or declined signer needs no DocuSign call). */
  status: StatusStore;
  publicUrl: string;
}

const ENVELOPE_ID = /^[0-9a-f-]{36}$/i;

function envelopeIdOf(c: Context<AppEnv>): string {
  const envelopeId = c.req.param('envelopeId') ?? '';
  if (!ENVELOPE_ID.test(envelopeId)) throw new ApiError(404, ErrorCodes.NOT_FOUND, 'No such envelope.');
  return envelopeId;
}

const notTenants = () =>
  new ApiError(403, ErrorCodes.ENVELOPE_NOT_ALLOWED, 'Your organization did not send this envelope through SignBridge.');

/** The envelope as this caller may use it: its tenant's, and for a linked login its own. */
async function ownEnvelope(store: Store, caller: Caller, accountId: string, envelopeId: string): Promise<EnvelopeRow | undefined> {
  const row = await store.getEnvelope(caller.tenant, accountId, envelopeId);
  if (row === undefined) return undefined;
  return caller.kind === 'linked' && row.principal !== caller.principal ? undefined : row;
}

export function viewRoutes(deps: ViewDeps): Hono<AppEnv> {
  const { client, credentials, store } = deps;
  const app = new Hono<AppEnv>();

  /** The caller's own envelope and its captive signer, or the refusal (both signing routes). */
  async function captiveSigner(c: Context<AppEnv>, accountId: string, recipientId: string) {
    const caller = c.get('caller');
    const envelopeId = envelopeIdOf(c);
    const sender = await credentials.forAccount(caller, accountId);
    const envelope = await ownEnvelope(store, caller, sender.accountId, envelopeId);
    if (envelope === undefined) {
      if (caller.kind === 'member') throw notTenants();
      // Only the user who sent it through SignBridge starts its embedded signing.
      throw new ApiError(404, ErrorCodes.NOT_FOUND, 'SignBridge did not send this envelope for you, so it cannot start signing for it.');
    }
    const signer = envelope.captiveSigners.find((s) => s.recipientId === recipientId);
    if (signer === undefined) throw new ApiError(409, ErrorCodes.SIGNER_NOT_EMBEDDED, 'That recipient signs by e-mail, not in this browser.');
    return { envelopeId, sender, signer };
  }

  app.post('/:envelopeId/signing-sessions', async (c) => {
    const parsed = v.safeParse(SigningSessionRequest, await readSmallJson(c, 4096));
    if (!parsed.success) throw bad(`The signing-session request is not valid: ${issueText(parsed.issues)}.`);
    const { envelopeId, sender, signer } = await captiveSigner(c, parsed.output.accountId, parsed.output.recipientId);
    const returnUrl = new URL('/signing/return', deps.publicUrl);
    returnUrl.searchParams.set('envelopeId', envelopeId);
    returnUrl.searchParams.set('recipientId', signer.recipientId);
    const url = await withSender(sender, async () =>
      client.createRecipientView(await sender.context(), envelopeId, {
        returnUrl: returnUrl.toString(),
        authenticationMethod: 'none',
        clientUserId: signer.clientUserId,
        userName: signer.name,
        email: signer.email,
        recipientId: signer.recipientId,
      }),
    );
    c.get('log').info('signing session created', { envelopeId, recipientId: signer.recipientId });
    const body: SigningSessionResponse = { url };
    return c.json(body, 201, { 'Cache-Control': 'no-store' });
  });

  // Once per return of a signing tab: one recipients read is no polling (DocuSign's rule is about
  // repeated status reads; Connect reports every later change).
  app.post('/:envelopeId/signing-outcome', async (c) => {
    const parsed = v.safeParse(SigningOutcomeRequest, await readSmallJson(c, 4096));
    if (!parsed.success) throw bad(`The signing-outcome request is not valid: ${issueText(parsed.issues)}.`);
    const { envelopeId, sender, signer } = await captiveSigner(c, parsed.output.accountId, parsed.output.recipientId);
    const known = (await deps.status.get(envelopeId))?.recipients.find((r) => r.recipientId === signer.recipientId)?.status;
    const status =
      known === 'completed' || known === 'declined'
        ? known
        : await withSender(sender, async () => client.signerStatus(await sender.context(), envelopeId, signer.recipientId));
    const body: SigningOutcomeResponse = { status: status ?? 'unknown' };
    return c.json(body, 200, { 'Cache-Control': 'no-store' });
  });

  app.post('/:envelopeId/console-views', async (c) => {
    const caller = c.get('caller');
    const envelopeId = envelopeIdOf(c);
    const parsed = v.safeParse(ConsoleViewRequest, await readSmallJson(c, 4096));
    if (!parsed.success) throw bad(`The console-view request is not valid: ${issueText(parsed.issues)}.`);
    const sender = await credentials.forAccount(caller, parsed.output.accountId);
    if (caller.kind === 'member' && (await ownEnvelope(store, caller, sender.accountId, envelopeId)) === undefined) throw notTenants();
    const returnUrl = new URL('/docusign/closed', deps.publicUrl).toString();
    const url = await withSender(sender, async () => client.createConsoleView(await sender.context(), { envelopeId, returnUrl }));
    c.get('log').info('console view created', { envelopeId });
    const body: ConsoleViewResponse = { url };
    return c.json(body, 201, { 'Cache-Control': 'no-store' });
  });

  return app;
}
