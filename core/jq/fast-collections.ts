import { binaryOp, indexValue, iterateValue, newObjectKey } from './fast-operators.js';
import {
  compareValues,
  describe,
  FAST_DECLINE,
  FastJqError,
  hasOwn,
  isTruthy,
  typeOf,
} from './fast-values.js';

/** `keys_unsorted`: indices of an array, an object's keys in jq's (insertion) order. */
export function keysUnsorted(input: unknown): unknown[] {
  if (Array.isArray(input)) return input.map((_, i) => i);
  if (typeOf(input) === 'object') return Object.keys(input as object);
  throw new FastJqError(`${describe(input)} has no keys`);
}

export function toEntries(input: unknown): unknown[] {
  return keysUnsorted(input).map((key) => ({ key, value: indexValue(input, key) }));
}

/** `from_entries`: keys from `key`, `Key`, `name`, `Name`; values from `value` or `Value`. */
export function fromEntries(input: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const entry of iterateValue(input)) {
    let key: unknown = null;
    for (const name of ['key', 'Key', 'name', 'Name']) {
      key = indexValue(entry, name);
      if (isTruthy(key)) break;
    }
    if (typeof key !== 'string') throw new FastJqError(`Cannot use ${describe(key)} as object key`);
    if (typeOf(entry) !== 'object') throw FAST_DECLINE;
    const value = indexValue(entry, hasOwn(entry as object, 'value') ? 'value' : 'Value');
    if (hasOwn(out, key)) out[key] = value;
    else newObjectKey(out, key, value);
  }
  return out;
}

/** `join($x)`, with jq's rules for null, booleans, numbers and its addition errors. */
export function join(input: unknown, separator: unknown): unknown {
  let acc: unknown = null;
  for (const item of iterateValue(input)) {
    const left = acc === null ? '' : binaryOp('+', acc, separator);
    const t = typeOf(item);
    let right: unknown = item;
    if (t === 'boolean') right = item ? 'true' : 'false';
    else if (t === 'number') right = numberString(item as number);
    else if (item === null) right = '';
    acc = binaryOp('+', left, right);
  }
  return acc === null || acc === false ? '' : acc;
}

function numberString(n: number): string {
  const text = String(n);
  if (text.includes('e') || Object.is(n, -0) || Math.abs(n) >= 1e16) throw FAST_DECLINE;
  if (n !== 0 && Math.abs(n) < 1e-4) throw FAST_DECLINE;
  return text;
}

function requireArray(input: unknown): unknown[] {
  if (!Array.isArray(input)) throw FAST_DECLINE;
  return input;
}

/** A stable sort of the items by their keys (jq's `_sort_by_impl`). */
export function sortByKeys(input: unknown, keys: readonly unknown[]): unknown[] {
  const items = requireArray(input);
  return items
    .map((item, i) => ({ item, key: keys[i], i }))
    .sort((a, b) => compareValues(a.key, b.key) || a.i - b.i)
    .map((x) => x.item);
}

export function sortValue(input: unknown): unknown[] {
  if (!Array.isArray(input)) {
    throw new FastJqError(`${describe(input)} cannot be sorted, as it is not an array`);
  }
  return sortByKeys(input, input);
}

export function groupByKeys(input: unknown, keys: readonly unknown[]): unknown[][] {
  const items = requireArray(input);
  const sorted = items
    .map((item, i) => ({ item, key: keys[i], i }))
    .sort((a, b) => compareValues(a.key, b.key) || a.i - b.i);
  const groups: { key: unknown; items: unknown[] }[] = [];
  for (const { item, key } of sorted) {
    const last = groups[groups.length - 1];
    if (last && compareValues(last.key, key) === 0) last.items.push(item);
    else groups.push({ key, items: [item] });
  }
  return groups.map((g) => g.items);
}

/** `min_by`/`max_by`: the first smallest, the last largest; null for an empty array. */
export function extremeByKeys(input: unknown, keys: readonly unknown[], isMin: boolean): unknown {
  const items = requireArray(input);
  let best: number = -1;
  items.forEach((_, i) => {
    if (best < 0) best = i;
    else {
      const cmp = compareValues(keys[i], keys[best]);
      if (isMin ? cmp < 0 : cmp >= 0) best = i;
    }
  });
  return best < 0 ? null : items[best];
}

export function flattenValue(input: unknown): unknown[] {
  const items = requireArray(input);
  const out: unknown[] = [];
  const walk = (list: readonly unknown[]): void => {
    for (const x of list) {
      if (Array.isArray(x)) walk(x);
      else out.push(x);
    }
  };
  walk(items);
  return out;
}

export function reverseValue(input: unknown): unknown[] {
  if (input === null) return [];
  return [...requireArray(input)].reverse();
}
