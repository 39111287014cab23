/**
 * `value` with U+0000 in every string (object keys included) as U+FFFD, for PostgreSQL, whose
 * text cannot hold U+0000: the same value when it holds none (the common case: nothing is
 * copied), else a copy of what holds one.
 */
export function withoutNul<T>(value: T): T {
  return replaceNul(value) as T;
}

function replaceNul(node: unknown): unknown {
  if (typeof node === 'string')
    return node.includes('\u0000') ? node.replaceAll('\u0000', '\ufffd') : node;
  if (typeof node !== 'object' || node === null) return node;
  if (Array.isArray(node)) {
    let copy: unknown[] | undefined;
    node.forEach((child, i) => {
      const replaced = replaceNul(child);
      if (replaced !== child) (copy ??= [...node])[i] = replaced;
    });
    return copy ?? node;
  }
  const record = node as Record<string, unknown>;
  // The entries so far, once one changed (own properties defined: a `__proto__` key stays one).
  let copy: [string, unknown][] | undefined;
  let index = 0;
  for (const key in record) {
    const child = record[key];
    const replacedKey = replaceNul(key) as string;
    const replaced = replaceNul(child);
    if (copy === undefined && (replacedKey !== key || replaced !== child))
      copy = Object.entries(record).slice(0, index);
    copy?.push([replacedKey, replaced]);
    index++;
  }
  return copy ? Object.fromEntries(copy) : node;
}
