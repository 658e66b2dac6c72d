/** The adapters that ship with the extension. One adapter, one file; every adapter has a fixture page (test/pages). */
import type { SiteAdapter } from '../../shared/adapters.ts';
import { demoCrmRecord } from './demo-crm-record.ts';
import { demoDmsLibrary } from './demo-dms-library.ts';
import { demoWcCrm } from './demo-wc-crm.ts';

export const builtinAdapters: readonly SiteAdapter[] = [demoCrmRecord, demoDmsLibrary, demoWcCrm];
