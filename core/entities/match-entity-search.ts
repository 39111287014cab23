import type { PortEntity } from './port-entity.js';
import type { EntitySearchQuery, EntitySearchRule } from './entity-search.js';

/** A refused search query: what is wrong, and where (`rules[1].value`). */
export class EntitySearchError extends Error {
  override readonly name = 'EntitySearchError';
}

/** Port's property rule operators this catalog evaluates. */
export const SEARCH_OPERATORS = [
  '=',
  '!=',
  '>',
  '>=',
  '<',
  '<=',
  'in',
  'notIn',
  'contains',
  'doesNotContains',
  'containsAny',
  'beginsWith',
  'doesNotBeginsWith',
  'endsWith',
  'doesNotEndsWith',
  'isEmpty',
  'isNotEmpty',
  'between',
  'notBetween',
] as const;

const OPERATORS: ReadonlySet<string> = new Set(SEARCH_OPERATORS);

/** Looks up related entities for `relatedTo` rules (the candidate set is not enough). */
export type EntityLookup = (blueprint: string, identifier: string) => PortEntity | undefined;

const DAY = 86_400_000;
const PRESETS: Readonly<Record<string, (now: number) => [number, number]>> = {
  today: (now) => [startOfDay(now), startOfDay(now) + DAY],
  tomorrow: (now) => [startOfDay(now) + DAY, startOfDay(now) + 2 * DAY],
  yesterday: (now) => [startOfDay(now) - DAY, startOfDay(now)],
  lastWeek: (now) => [now - 7 * DAY, now],
  last2Weeks: (now) => [now - 14 * DAY, now],
  lastMonth: (now) => [now - 30 * DAY, now],
  last3Months: (now) => [now - 90 * DAY, now],
  last6Months: (now) => [now - 180 * DAY, now],
  last12Months: (now) => [now - 365 * DAY, now],
};

function startOfDay(now: number): number {
  return now - (now % DAY);
}

/**
 * Checks a search query's shape and operators; throws `EntitySearchError` naming the first
 * problem. Call before `matchesEntitySearch`.
 */
export function checkEntitySearch(query: unknown, at = ''): asserts query is EntitySearchQuery {
  if (typeof query !== 'object' || query === null || Array.isArray(query)) {
    throw new EntitySearchError(`${at || 'the query'} must be an object {combinator, rules}`);
  }
  const q = query as Record<string, unknown>;
  if (q.combinator !== 'and' && q.combinator !== 'or') {
    throw new EntitySearchError(`${at}combinator must be "and" or "or"`);
  }
  if (!Array.isArray(q.rules)) throw new EntitySearchError(`${at}rules must be an array`);
  q.rules.forEach((rule: unknown, i: number) => {
    const where = `${at}rules[${i}]`;
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
      throw new EntitySearchError(`${where} must be an object`);
    }
    const r = rule as Record<string, unknown>;
    if ('combinator' in r) return checkEntitySearch(r, `${where}.`);
    if (r.operator === 'relatedTo') {
      if (typeof r.blueprint !== 'string') {
        throw new EntitySearchError(`${where}.blueprint must name the related entity's blueprint`);
      }
      if (!isIdList(r.value)) {
        throw new EntitySearchError(`${where}.value must be an identifier or a list of them`);
      }
      if (r.direction !== undefined && r.direction !== 'upstream' && r.direction !== 'downstream') {
        throw new EntitySearchError(`${where}.direction must be "upstream" or "downstream"`);
      }
      return;
    }
    if (typeof r.operator !== 'string' || !OPERATORS.has(r.operator)) {
      throw new EntitySearchError(
        `${where}.operator ${JSON.stringify(r.operator)} is not supported; use one of relatedTo, ${SEARCH_OPERATORS.join(', ')}`,
      );
    }
    if (typeof r.property !== 'string' || r.property === '') {
      throw new EntitySearchError(
        `${where}.property must name a property ($identifier, $title, …)`,
      );
    }
    if (
      (r.operator === 'in' || r.operator === 'notIn' || r.operator === 'containsAny') &&
      !Array.isArray(r.value)
    ) {
      throw new EntitySearchError(`${where}.value must be an array for "${r.operator}"`);
    }
    if (r.operator === 'between' || r.operator === 'notBetween') dateRange(r.value, where, 0);
  });
}

function isIdList(value: unknown): boolean {
  return (
    typeof value === 'string' ||
    (Array.isArray(value) && value.every((v: unknown) => typeof v === 'string'))
  );
}

/** Whether an entity satisfies a (checked) query. `now` is epoch ms, for date presets. */
export function matchesEntitySearch(
  entity: PortEntity,
  query: EntitySearchQuery,
  lookup: EntityLookup,
  now: number,
): boolean {
  const test = (rule: EntitySearchRule | EntitySearchQuery): boolean =>
    'combinator' in rule
      ? matchesEntitySearch(entity, rule, lookup, now)
      : matchesRule(entity, rule, lookup, now);
  return query.combinator === 'and' ? query.rules.every(test) : query.rules.some(test);
}

function matchesRule(
  entity: PortEntity,
  rule: EntitySearchRule,
  lookup: EntityLookup,
  now: number,
): boolean {
  if (rule.operator === 'relatedTo' && 'blueprint' in rule) return relatedTo(entity, rule, lookup);
  const { property, operator, value } = rule as {
    property: string;
    operator: string;
    value?: unknown;
  };
  const actual = valueOf(entity, property);
  switch (operator) {
    case '=':
      return equal(actual, value);
    case '!=':
      return !equal(actual, value);
    case '>':
    case '>=':
    case '<':
    case '<=':
      return compare(actual, value, operator);
    case 'in':
      return (value as unknown[]).some((v) => equal(actual, v));
    case 'notIn':
      return !(value as unknown[]).some((v) => equal(actual, v));
    case 'contains':
      return contains(actual, value);
    case 'doesNotContains':
      return !contains(actual, value);
    case 'containsAny':
      return Array.isArray(actual)
        ? actual.some((a) => (value as unknown[]).some((v) => equal(a, v)))
        : (value as unknown[]).some((v) => contains(actual, v));
    case 'beginsWith':
      return typeof actual === 'string' && actual.startsWith(String(value));
    case 'doesNotBeginsWith':
      return !(typeof actual === 'string' && actual.startsWith(String(value)));
    case 'endsWith':
      return typeof actual === 'string' && actual.endsWith(String(value));
    case 'doesNotEndsWith':
      return !(typeof actual === 'string' && actual.endsWith(String(value)));
    case 'isEmpty':
      return isEmpty(actual);
    case 'isNotEmpty':
      return !isEmpty(actual);
    case 'between':
    case 'notBetween': {
      const [from, to] = dateRange(value, '', now);
      const at = typeof actual === 'string' ? Date.parse(actual) : NaN;
      const inside = !Number.isNaN(at) && at >= from && at <= to;
      return operator === 'between' ? inside : !inside;
    }
    default:
      return false;
  }
}

/** A property's value: `$identifier`, `$title`, `$team`, …, a property, or else a relation. */
export function valueOf(entity: PortEntity, property: string): unknown {
  switch (property) {
    case '$identifier':
      return entity.identifier;
    case '$title':
      return entity.title;
    case '$icon':
      return entity.icon;
    case '$blueprint':
      return entity.blueprint;
    case '$team':
      return entity.team;
    case '$createdAt':
      return entity.createdAt;
    case '$updatedAt':
      return entity.updatedAt;
    case '$createdBy':
      return entity.createdBy;
    case '$updatedBy':
      return entity.updatedBy;
  }
  if (Object.hasOwn(entity.properties, property)) return entity.properties[property];
  if (Object.hasOwn(entity.relations, property)) return entity.relations[property];
  return null;
}

function relatedTo(
  entity: PortEntity,
  rule: { blueprint: string; value: string | readonly string[]; direction?: string },
  lookup: EntityLookup,
): boolean {
  const ids = typeof rule.value === 'string' ? [rule.value] : rule.value;
  return ids.some((id) => {
    // downstream: this entity's relations point at the given one.
    const pointsAt =
      rule.direction !== 'upstream' &&
      Object.values(entity.relations).some((target) =>
        Array.isArray(target) ? target.includes(id) : target === id,
      );
    if (pointsAt) return true;
    if (rule.direction === 'downstream') return false;
    // upstream: the given entity's relations point at this one.
    const other = lookup(rule.blueprint, id);
    return (
      other !== undefined &&
      Object.values(other.relations).some((target) =>
        Array.isArray(target) ? target.includes(entity.identifier) : target === entity.identifier,
      )
    );
  });
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

function compare(a: unknown, b: unknown, op: string): boolean {
  let x: number | string;
  let y: number | string;
  if (typeof a === 'number' && typeof b === 'number') [x, y] = [a, b];
  else if (typeof a === 'string' && typeof b === 'string') {
    const [da, db] = [Date.parse(a), Date.parse(b)];
    [x, y] = Number.isNaN(da) || Number.isNaN(db) ? [a, b] : [da, db];
  } else return false;
  return op === '>' ? x > y : op === '>=' ? x >= y : op === '<' ? x < y : x <= y;
}

function contains(actual: unknown, value: unknown): boolean {
  if (typeof actual === 'string') return actual.includes(String(value));
  if (Array.isArray(actual)) return actual.some((a) => equal(a, value));
  return false;
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** `{from, to}` (ISO dates) or `{preset}` → [from, to] epoch ms. */
function dateRange(value: unknown, where: string, now: number): [number, number] {
  if (typeof value === 'object' && value !== null) {
    const v = value as Record<string, unknown>;
    if (typeof v.preset === 'string') {
      const preset = PRESETS[v.preset];
      if (preset) return preset(now);
      throw new EntitySearchError(
        `${where}.value.preset "${v.preset}" is not one of ${Object.keys(PRESETS).join(', ')}`,
      );
    }
    const from = typeof v.from === 'string' ? Date.parse(v.from) : NaN;
    const to = typeof v.to === 'string' ? Date.parse(v.to) : NaN;
    if (!Number.isNaN(from) && !Number.isNaN(to)) return [from, to];
  }
  throw new EntitySearchError(
    `${where}.value must be {"from": ISO date, "to": ISO date} or {"preset": "lastWeek" …}`,
  );
}

/**
 * What an indexed lookup can narrow the search to: blueprints and identifiers a top-level
 * `and` requires (`$blueprint` / `$identifier` with `=` or `in`). Null: no narrowing.
 */
export function searchKeys(query: EntitySearchQuery): {
  blueprints: string[] | null;
  identifiers: string[] | null;
} {
  let blueprints: string[] | null = null;
  let identifiers: string[] | null = null;
  const rules = query.combinator === 'and' || query.rules.length === 1 ? query.rules : [];
  for (const rule of rules) {
    if ('combinator' in rule || !('property' in rule)) continue;
    const values =
      rule.operator === '=' && typeof rule.value === 'string'
        ? [rule.value]
        : rule.operator === 'in' && Array.isArray(rule.value)
          ? (rule.value as unknown[]).filter((v): v is string => typeof v === 'string')
          : null;
    if (values === null) continue;
    if (rule.property === '$blueprint') blueprints = intersect(blueprints, values);
    if (rule.property === '$identifier') identifiers = intersect(identifiers, values);
  }
  return { blueprints, identifiers };
}

function intersect(a: string[] | null, b: string[]): string[] {
  return a === null ? [...new Set(b)] : a.filter((x) => b.includes(x));
}
