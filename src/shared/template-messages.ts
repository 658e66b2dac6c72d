/**
 * "Use a template" (issue 13): the runtime messages the dialog sends the worker, declared once like every
 * other message (spread into `messages` in messages.ts), and the parts of `sendEnvelope` a template adds.
 * The worker answers from SignBridge's server (`GET /v1/templates`), with the credential the dialog's
 * page sends with, and keeps each answer a minute per login and account (or organization).
 */
import * as v from 'valibot';
import type { TemplateDetail, TemplateSummary } from './api-templates.ts';

type SenderKind = 'content' | 'extension-page';
interface Def<S extends v.GenericSchema, R> {
  readonly request: S;
  readonly senders: readonly SenderKind[];
  readonly response?: R;
}
const define = <R>() => <S extends v.GenericSchema>(def: Omit<Def<S, R>, 'response'>): Def<S, R> => def;

const GUID = v.pipe(v.string(), v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a template id'));
/** The login (or organization) the dialog sends with, as in `sendEnvelope`; absent: the site's selection. */
const asked = { sessionId: v.pipe(v.string(), v.uuid()), loginKey: v.optional(v.pipe(v.string(), v.maxLength(200))) };

/** The server's limits for a text value (src/shared/api-send.ts `SignerExtras.textValues`). */
export const textValuesSchema = v.pipe(
  v.array(
    v.strictObject({
      label: v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,49}$/, 'a text field label')),
      value: v.pipe(v.string(), v.maxLength(4000)),
    }),
  ),
  v.maxLength(50),
);

export const templateUseSchema = v.strictObject({ templateId: GUID, includeDocument: v.boolean() });

export const templateMessages = {
  /** The account's templates, for the dialog's "Use a template". */
  listTemplates: define<{ templates: TemplateSummary[] }>()({ request: v.strictObject(asked), senders: ['extension-page'] }),
  /** One template's roles and text fields. */
  templateDetail: define<TemplateDetail>()({
    request: v.strictObject({ ...asked, templateId: GUID }),
    senders: ['extension-page'],
  }),
} as const;
