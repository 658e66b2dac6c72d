/** The DocuSign simulator's public API. See README.md ("DocuSign simulator") and ARCHITECTURE.md. */
export { createSim, type Sim, type SimOptions } from './app.ts';
export type { SimControl } from './control.ts';
export type { CauseControl } from './causes.ts';
export type { RecipientAction, RecipientControl } from './recipient-control.ts';
export { loadDefaultSeed } from './seed.ts';
export { startSimServer, type SimServer } from './server.ts';
export { makePdf } from './pdf.ts';
export type {
  FaultMode,
  FaultSpec,
  GoLiveAudit,
  SeedAccount,
  SeedIntegrationKey,
  SeedTemplate,
  SeedUser,
  SimCall,
  SimDelivery,
  SimDocument,
  SimEnvelope,
  SimRecipient,
  SimResend,
  SimSeed,
} from './types.ts';
export { driveLogin, type DriveLoginOptions, type DriveLoginResult } from './drive-login.ts';
