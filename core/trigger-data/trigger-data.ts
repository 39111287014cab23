import type { CatalogEvent } from '../events/catalog-event.js';

/** The user behind a change, as Port enriches it (spec §2.2). */
export interface TriggerUser {
  readonly email?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly [key: string]: unknown;
}

/** The object `{{ }}` payload templates see (spec §2.2). */
export interface TriggerData {
  readonly inputs: Readonly<Record<string, unknown>> | null;
  readonly trigger: {
    readonly by: { readonly orgId?: string; readonly userId?: string; readonly user?: TriggerUser };
    readonly origin: 'AUTOMATION' | 'API' | 'UI';
    readonly at: string;
    readonly operation?: string;
  };
  readonly event: CatalogEvent | null;
  readonly entity: Readonly<Record<string, unknown>> | null;
  readonly action: { readonly identifier: string; readonly [key: string]: unknown };
  readonly run: { readonly id: string };
}
