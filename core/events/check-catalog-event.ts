import type { CatalogEvent } from './catalog-event.js';
import { blueprintOf, runActionOf } from './event-types-of.js';

export type EventCheck =
  | { readonly ok: true; readonly event: CatalogEvent }
  | { readonly ok: false; readonly path: string; readonly message: string };

const ACTIONS = ['CREATE', 'UPDATE', 'DELETE', 'TIMER_EXPIRED'];

/**
 * Checks that a value has the shape of Port's `event` object (spec §2.3) well enough
 * to route it; on failure says where (`path`) and what to send instead.
 */
export function checkCatalogEvent(value: unknown, path = ''): EventCheck {
  const at = (suffix: string) => (path ? `${path}.${suffix}` : suffix);
  const fail = (where: string, message: string): EventCheck => ({
    ok: false,
    path: where,
    message,
  });
  if (!isObject(value)) return fail(path || '(root)', 'an event must be a JSON object');
  const event = value as Record<string, unknown>;
  if (
    event.id !== undefined &&
    (typeof event.id !== 'string' || event.id.length === 0 || event.id.length > 200)
  ) {
    return fail(
      at('id'),
      'id must be a non-empty string of at most 200 characters (or absent, to have one assigned)',
    );
  }
  if (typeof event.action !== 'string' || !ACTIONS.includes(event.action)) {
    return fail(at('action'), `action must be one of ${ACTIONS.join(', ')}`);
  }
  if (event.resourceType !== 'entity' && event.resourceType !== 'run') {
    return fail(at('resourceType'), 'resourceType must be "entity" or "run"');
  }
  if (
    event.resourceType === 'run' &&
    (event.action === 'DELETE' || event.action === 'TIMER_EXPIRED')
  ) {
    return fail(at('action'), 'run events have action CREATE or UPDATE');
  }
  for (const key of ['context', 'diff', 'trigger'] as const) {
    if (event[key] !== undefined && !isObject(event[key]))
      return fail(at(key), `${key} must be an object`);
  }
  const diff = event.diff as Record<string, unknown> | undefined;
  for (const side of ['before', 'after'] as const) {
    const entity = diff?.[side];
    if (entity !== undefined && entity !== null && !isObject(entity)) {
      return fail(at(`diff.${side}`), `diff.${side} must be an object or null`);
    }
  }
  const typed = value as CatalogEvent;
  if (event.resourceType === 'entity' && blueprintOf(typed) === undefined) {
    return fail(
      at('context.blueprintIdentifier'),
      'entity events need context.blueprintIdentifier (or a blueprint in diff.after / diff.before)',
    );
  }
  if (event.action === 'TIMER_EXPIRED' && typeof typed.context?.propertyIdentifier !== 'string') {
    return fail(
      at('context.propertyIdentifier'),
      'TIMER_EXPIRED events need context.propertyIdentifier (the timer property)',
    );
  }
  if (event.resourceType === 'run' && runActionOf(typed) === undefined) {
    return fail(
      at('context.action.identifier'),
      'run events need context.action.identifier (or diff.after.action.identifier)',
    );
  }
  return { ok: true, event: typed };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
