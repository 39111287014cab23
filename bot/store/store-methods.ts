import type { EntityCatalog } from './entity-catalog.js';
import type { Store } from './store.js';
import type { TimerStore } from './timer-store.js';

type MethodsOf<T> = {
  [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never;
}[keyof T];

/** Fails to compile when `listed` misses a method of `T`: a new store method must be listed. */
type Every<T, Listed> =
  Exclude<MethodsOf<T>, Listed> extends never ? readonly MethodsOf<T>[] : never;

function every<T>() {
  return <const L extends readonly MethodsOf<T>[]>(listed: L & Every<T, L[number]>): L => listed;
}

/**
 * The methods a `Store` answers in another thread (`close` is the thread's own), by object: what
 * the SQLite writer thread may be asked, and nothing else.
 */
export const STORE_METHODS = {
  store: every<Omit<Store, 'close'>>()([
    'migrate',
    'recordEvent',
    'getEvent',
    'getRun',
    'listRuns',
    'patchRun',
    'addRunLog',
    'setRunResponse',
    'listRunLogs',
    'setRunResult',
    'claimDeliveries',
    'completeDelivery',
    'retryDelivery',
    'claimChainEntries',
    'completeChainEntry',
    'queueForAgent',
    'claimAgentRuns',
    'ackAgentRuns',
    'recordPoisonMessage',
    'listPoisonMessages',
    'saveDefinitionSet',
    'listDefinitionSets',
    'listDefinitionSetRevisions',
    'deleteDefinitionSets',
    'listDeliveryAttempts',
    'listEvents',
    'runLinks',
    'recordRerun',
    'cancelRun',
    'recordReplay',
    'runStats',
  ]),
  timers: every<TimerStore>()([
    'schedule',
    'cancel',
    'cancelEntity',
    'claimDue',
    'recordFired',
    'complete',
    'release',
    'nextAvailableAt',
    'list',
    'get',
  ]),
  entities: every<EntityCatalog>()([
    'getEntity',
    'listEntities',
    'upsertEntity',
    'deleteEntity',
    'searchEntities',
  ]),
} as const;

export type StoreTarget = keyof typeof STORE_METHODS;
