/** An event ready for both evaluators, or why it cannot be evaluated. */
export type PreparedInput =
  | {
      readonly ok: true;
      /** Plain JSON data, exactly what jq sees after parsing `text()`. */
      readonly value: unknown;
      /** False when jq would see something the fast path cannot model (lone surrogates). */
      readonly fastPathSafe: boolean;
      readonly text: () => string;
    }
  | { readonly ok: false; readonly kind: 'input-too-deep' | 'runtime'; readonly message: string };

/**
 * Checks nesting depth iteratively (deep values trap jq-wasm's stack when printed, and
 * would overflow a recursive walk) and makes sure the value is plain JSON, round-tripping
 * it through JSON text when it is not (`undefined` members, `Date`s, `-0`, holes…).
 */
export function prepareInput(input: unknown, maxDepth: number): PreparedInput {
  let value = input === undefined ? null : input;
  let scan = scanValue(value, maxDepth);
  if (scan === 'too-deep') return tooDeep(maxDepth);
  if (scan === 'not-plain') {
    try {
      value = JSON.parse(JSON.stringify(value) ?? 'null');
    } catch (error) {
      return { ok: false, kind: 'runtime', message: `input is not JSON: ${String(error)}` };
    }
    scan = scanValue(value, maxDepth);
    if (scan === 'too-deep') return tooDeep(maxDepth);
  }
  let text: string | undefined;
  return {
    ok: true,
    value,
    fastPathSafe: scan === 'plain',
    text: () => (text ??= JSON.stringify(value)),
  };
}

function tooDeep(maxDepth: number): PreparedInput {
  return {
    ok: false,
    kind: 'input-too-deep',
    message: `input is nested deeper than ${maxDepth} levels`,
  };
}

type Scan = 'plain' | 'lone-surrogate' | 'not-plain' | 'too-deep';

function scanValue(root: unknown, maxDepth: number): Scan {
  let verdict: Scan = 'plain';
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    switch (typeof value) {
      case 'boolean':
        continue;
      case 'number':
        if (!Number.isFinite(value) || Object.is(value, -0)) verdict = 'not-plain';
        continue;
      case 'string':
        if (verdict === 'plain' && !isWellFormed(value)) verdict = 'lone-surrogate';
        continue;
      case 'object':
        break;
      default:
        verdict = 'not-plain';
        continue;
    }
    if (value === null) continue;
    if (depth >= maxDepth) return 'too-deep';
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) verdict = 'not-plain';
        stack.push([value[i], depth + 1]);
      }
      continue;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) verdict = 'not-plain';
    for (const key of Object.keys(value)) {
      if (verdict === 'plain' && !isWellFormed(key)) verdict = 'lone-surrogate';
      stack.push([(value as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return verdict;
}

const isWellFormed = (s: string): boolean =>
  (s as unknown as { isWellFormed(): boolean }).isWellFormed();
