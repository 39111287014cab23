/** What the event list filters on, read once from an event's body when it is stored. */
export interface EventColumns {
  /** The trigger type it fires first: `ENTITY_UPDATED`, `RUN_CREATED`, …; null for others. */
  readonly type: string | null;
  readonly blueprint: string | null;
  readonly entity: string | null;
  /** For a run event (RUN_*), the run it is about: how chains are linked. */
  readonly subjectRunId: string | null;
}

const TYPES: Readonly<Record<string, string>> = {
  'run CREATE': 'RUN_CREATED',
  'run UPDATE': 'RUN_UPDATED',
  'entity CREATE': 'ENTITY_CREATED',
  'entity UPDATE': 'ENTITY_UPDATED',
  'entity DELETE': 'ENTITY_DELETED',
  'entity TIMER_EXPIRED': 'TIMER_PROPERTY_EXPIRED',
};

/** The same values migration 5 fills in for events stored before it. */
export function eventColumnsOf(body: unknown): EventColumns {
  const event = record(body);
  const context = record(event.context);
  const diff = record(event.diff);
  const [after, before] = [record(diff.after), record(diff.before)];
  const resource = event.resourceType;
  const type = TYPES[`${String(resource)} ${String(event.action)}`] ?? null;
  return {
    type: event.action === 'TIMER_EXPIRED' ? 'TIMER_PROPERTY_EXPIRED' : type,
    blueprint: firstText(context.blueprintIdentifier, after.blueprint, before.blueprint),
    entity: firstText(context.entityIdentifier, after.identifier, before.identifier),
    subjectRunId: resource === 'run' ? firstText(after.id) : null,
  };
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function firstText(...values: unknown[]): string | null {
  for (const value of values) if (typeof value === 'string') return value;
  return null;
}
