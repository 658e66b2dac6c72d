/**
 * The adapters that ship with the extension. One adapter, one file; every adapter has a fixture page
 * (test/pages). The demo adapters match only the demo's loopback pages, which a release build may not
 * open (no loopback host permission, issue 14): a release carries none of them.
 */
import type { SiteAdapter } from '../../shared/adapters.ts';
import { IS_RELEASE } from '../../shared/build.ts';
import { demoCrmRecord } from './demo-crm-record.ts';
import { demoDmsLibrary } from './demo-dms-library.ts';
import { demoWcCrm } from './demo-wc-crm.ts';

export const builtinAdapters: readonly SiteAdapter[] = IS_RELEASE ? [] : [demoCrmRecord, demoDmsLibrary, demoWcCrm];
