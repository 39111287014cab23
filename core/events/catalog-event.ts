/** Port's `event` object (spec §2.3): what happened in the catalog, as switchyard receives it. */
export interface CatalogEvent {
  readonly id?: string;
  readonly action: 'CREATE' | 'UPDATE' | 'DELETE' | 'TIMER_EXPIRED';
  readonly resourceType: 'entity' | 'run';
  readonly trigger?: {
    readonly by?: {
      readonly orgId?: string;
      readonly userId?: string;
      readonly [key: string]: unknown;
    };
    readonly origin?: string;
    readonly at?: string;
  };
  readonly context?: {
    readonly blueprintIdentifier?: string | null;
    readonly entityIdentifier?: string | null;
    readonly propertyIdentifier?: string | null;
    readonly action?: { readonly identifier?: string; readonly [key: string]: unknown };
    readonly [key: string]: unknown;
  };
  readonly diff?: { readonly before?: unknown; readonly after?: unknown };
  readonly [key: string]: unknown;
}
