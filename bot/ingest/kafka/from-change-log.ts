/**
 * Port's change-log message (spec §5.4: `{action, resourceType, status, trigger,
 * context{entity, blueprint}, diff, changelogDestination?}`) as an event in the shape
 * `POST /v1/events` takes (`context{entityIdentifier, blueprintIdentifier}`). Anything
 * else is returned unchanged.
 */
export function fromChangeLog(message: unknown): unknown {
  if (!isObject(message) || !isObject(message.context)) return message;
  const context = message.context;
  if (!('blueprint' in context || 'entity' in context) || 'blueprintIdentifier' in context)
    return message;
  const rest: Record<string, unknown> = { ...message };
  for (const key of ['status', 'changelogDestination', 'context']) delete rest[key];
  const { blueprint, entity, property, propertyIdentifier, ...otherContext } = context;
  return {
    ...rest,
    context: {
      ...otherContext,
      blueprintIdentifier: blueprint ?? null,
      entityIdentifier: entity ?? null,
      propertyIdentifier: propertyIdentifier ?? property ?? null,
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
