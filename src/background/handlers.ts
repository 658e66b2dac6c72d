import { createDocumentHandlers, unlinkedDocumentDeps } from './documents.ts';
import type { Handlers } from './router.ts';
import { lastPageSeen } from './storage.ts';
import { ok } from '../shared/result.ts';

export interface WorkerInstance {
  bootId: string;
  bootedAt: number;
}

export function createHandlers(instance: WorkerInstance, documents = createDocumentHandlers(unlinkedDocumentDeps)): Handlers {
  return {
    ...documents,
    ping: ({ nonce }) => ok({ ...instance, nonce }),
    pageSeen: async ({ documents }, sender) => {
      await lastPageSeen.set({ tabId: sender.tabId ?? -1, documents, at: Date.now() });
      return ok({ recorded: true as const });
    },
  };
}
