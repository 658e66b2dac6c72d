/** The simulator's public data types: its seed format and what the control handle reports. */

export interface SeedIntegrationKey {
  clientId: string;
  name: string;
  /** `public`: PKCE, no secret (S256 required). `confidential`: HTTP Basic with `secret`. */
  type: 'public' | 'confidential';
  secret?: string;
  redirectUris: string[];
  /** PEM (SPKI `BEGIN PUBLIC KEY` or PKCS#1 `BEGIN RSA PUBLIC KEY`) for the JWT grant; DocuSign allows 5. */
  rsaPublicKeys?: string[];
}

export interface SeedConsent {
  clientId: string;
  scopes: string[];
}

export interface SeedUser {
  sub: string;
  name: string;
  given_name: string;
  family_name: string;
  email: string;
  password: string;
  created: string;
  consents?: SeedConsent[];
}

export interface SeedMember {
  sub: string;
  isDefault: boolean;
  /** Account administrators may grant admin consent and read every envelope of the account. */
  admin?: boolean;
}

export interface SeedConnectConfiguration {
  connectId: string;
  name: string;
  urlToPublishTo: string;
  /** Envelope events (`envelope-sent`, `envelope-completed`, ...) and recipient events. */
  events: string[];
  includeHMAC?: boolean;
  /** `eventData.includeData` (`recipients`, `custom_fields`, `documents`); without it no `envelopeSummary`. */
  includeData?: string[];
  /** Retry failed deliveries (default true, as DocuSign's `requiresAcknowledgement`). */
  requireAcknowledgment?: boolean;
}

export interface SeedAccount {
  accountId: string;
  name: string;
  /** The API site (`na2`, `eu1`, ...): the account's base_uri is `${origin}/${site}`. */
  site: string;
  organizationId?: string;
  members: SeedMember[];
  /** Connect HMAC keys: each active key signs a delivery as `X-DocuSign-Signature-{n}`. */
  connectHmacKeys?: string[];
  connectConfigurations?: SeedConnectConfiguration[];
}

export interface SeedTemplateRole {
  roleName: string;
  recipientId: string;
  routingOrder: string;
  /** Labels of the text tabs on this role; `templateRoles[].tabs.textTabs[]` may fill them by `tabLabel`. */
  textTabs: string[];
}

export interface SeedTemplate {
  templateId: string;
  accountId: string;
  name: string;
  description: string;
  emailSubject: string;
  roles: SeedTemplateRole[];
  documents: { documentId: string; name: string; pages: number }[];
}

export interface SeedLimits {
  /** Per account per clock hour (DocuSign default 3,000). */
  hourly?: number;
  /** Per account per 30 seconds (DocuSign developer accounts: 200). */
  burst?: number;
  /** Status reads of one envelope per hour before they are refused. UNCONFIRMED: DocuSign does not publish it. */
  envelopePollsPerHour?: number;
}

export interface SimSeed {
  integrationKeys: SeedIntegrationKey[];
  users: SeedUser[];
  accounts: SeedAccount[];
  templates: SeedTemplate[];
  limits?: SeedLimits;
}

export type RecipientStatus = 'created' | 'sent' | 'delivered' | 'completed' | 'declined';
export type EnvelopeStatus = 'created' | 'sent' | 'delivered' | 'completed' | 'declined' | 'voided';

export type SimTabType = 'signHere' | 'initialHere' | 'dateSigned' | 'fullName' | 'text';

/** A tab as placed: `documentId`..`yPosition` once anchors are resolved (tabs.ts). */
export interface SimTab {
  type: SimTabType;
  tabId: string;
  tabLabel: string;
  value: string;
  documentId?: string;
  pageNumber?: string;
  xPosition?: string;
  yPosition?: string;
  anchorString?: string;
  anchorXOffset?: string;
  anchorYOffset?: string;
  anchorUnits?: string;
  anchorIgnoreIfNotPresent?: string;
}

export interface SimPhoneNumber {
  countryCode: string;
  number: string;
}

/** How a recipient is reached and authenticated beyond e-mail (spec `signer`, FACTS-style shapes). */
export interface SimReach {
  additionalNotifications?: { secondaryDeliveryMethod: string; phoneNumber: SimPhoneNumber }[];
  idCheckConfigurationName?: string;
  smsAuthentication?: { senderProvidedNumbers: string[] };
  phoneAuthentication?: { recipMayProvideNumber?: string; senderProvidedNumbers: string[] };
  identityVerification?: {
    workflowId: string;
    inputOptions?: { name: string; valueType: string; phoneNumberList: SimPhoneNumber[] }[];
  };
}

export interface SimRecipient {
  recipientId: string;
  recipientIdGuid: string;
  routingOrder: string;
  email: string;
  name: string;
  clientUserId?: string;
  roleName?: string;
  status: RecipientStatus;
  /** `signer` or `carbonCopy`. */
  type: 'signer' | 'carbonCopy';
  deliveryMethod?: string;
  phoneNumber?: SimPhoneNumber;
  reach: SimReach;
  tabs: SimTab[];
  declinedReason?: string;
  sentDateTime?: string;
  deliveredDateTime?: string;
  signedDateTime?: string;
  declinedDateTime?: string;
}

export interface SimDocument {
  documentId: string;
  name: string;
  fileExtension: string;
  bytes: Uint8Array;
  /** Hex SHA-256 of `bytes`. */
  sha256: string;
  pages: number;
}

export interface SimCustomFields {
  textCustomFields: { name: string; value: string; show?: string; required?: string; fieldId?: string }[];
  listCustomFields: { name: string; value: string; listItems?: string[]; show?: string; required?: string; fieldId?: string }[];
}

export interface SimEventNotification {
  url: string;
  includeHMAC: boolean;
  requireAcknowledgment: boolean;
  /** Envelope events requested (`envelope-sent`, ...), lower case. */
  events: string[];
  /** `eventData.includeData`: without it a delivery carries no `envelopeSummary`. */
  includeData?: string[];
}

export interface SimEnvelope {
  accountId: string;
  envelopeId: string;
  status: EnvelopeStatus;
  emailSubject: string;
  emailBlurb?: string;
  recipients: { signers: SimRecipient[]; carbonCopies: SimRecipient[] };
  customFields: SimCustomFields;
  documents: SimDocument[];
  createdBy: { clientId: string; sub: string };
  templateId?: string;
  eventNotification?: SimEventNotification;
  createdDateTime: number;
  sentDateTime?: number;
  deliveredDateTime?: number;
  completedDateTime?: number;
  declinedDateTime?: number;
  voidedDateTime?: number;
  voidedReason?: string;
  statusChangedDateTime: number;
  lastModifiedDateTime: number;
}

export interface SimCall {
  at: number;
  method: string;
  path: string;
  /** 0 when the connection was dropped before any answer. */
  status: number;
  clientId?: string;
  sub?: string;
  accountId?: string;
  kind: 'oauth' | 'esign' | 'sim' | 'monitor' | 'admin';
  /** DocuSign's `errorCode` (eSignature) or OAuth `error` of a refused call. */
  errorCode?: string;
  /** Set when an injected fault shaped this call. */
  fault?: FaultMode;
  /** Set when this call was a status read of an envelope within 15 minutes of the previous one. */
  pollingViolation?: boolean;
  /** `X-DocuSign-TraceToken` of the answer (the client's own if it sent one). */
  traceToken?: string;
}

export type FaultMode = 'error500' | 'error503' | 'hang' | 'drop' | 'succeed-then-drop';

export interface FaultSpec {
  method?: string;
  /** The exact path, a path prefix (`{ prefix }`: the control route's form, no caller regex), or (in-process only) a RegExp. */
  path: string | { prefix: string } | RegExp;
  mode: FaultMode;
  /** How many matching calls fail (default 1). */
  count?: number;
}

export interface GoLiveAudit {
  clientId: string;
  /** eSignature API calls made with tokens of this key. */
  calls: number;
  successes: number;
  errors: number;
  /** Status reads of one envelope within 15 minutes of the previous read (DocuSign's polling rule). */
  pollingViolations: number;
  /** GETs of an envelope, its recipients or the envelope list: status a Connect listener need not read. */
  statusReads: number;
  /** Longest run of consecutive successful eSignature calls. */
  longestCleanRun: number;
  /** DocuSign's go-live review: at least 20 consecutive successful calls and no polling violations. */
  eligible: boolean;
  errorsByCode: Record<string, number>;
}

export interface SimDelivery {
  envelopeId: string;
  event: string;
  url: string;
  attempts: number;
  /** `pending` until a 2xx, `failed` after the last retry. */
  state: 'pending' | 'delivered' | 'failed';
  nextAttemptAt?: number;
  lastStatus?: number;
}

/** One resend (reminder e-mail) the simulator performed for `PUT .../recipients?resend_envelope=true`. */
export interface SimResend {
  envelopeId: string;
  recipientId: string;
  email: string;
  at: number;
}
