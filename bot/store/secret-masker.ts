import { maskSecrets } from '../../core/template/mask-secrets.js';
import type { NewRun } from './run-record.js';
import type { NewRunLog, RetryOptions, RunPatch, RunResult } from './store.js';

/**
 * Masks every configured secret value (raw, JSON-escaped, URL-encoded, base64) in what the
 * store writes about runs: payloads, responses, summaries, labels, links, logs, errors. The
 * last line of defence, whatever a template or a backend's answer did; `delivery` is left as
 * it is (what the dispatcher sends; it holds no secret, see `DeliveryPlan`).
 *
 * With `replaceNul` (PostgreSQL, whose text cannot hold U+0000), U+0000 in those strings
 * becomes U+FFFD, so a backend answering with a NUL byte still gets its run ended instead of
 * failing the write (and being delivered again) for ever.
 */
export class SecretMasker {
  private readonly secrets: readonly string[];

  constructor(
    secrets: readonly string[] = [],
    private readonly replaceNul = false,
  ) {
    this.secrets = secrets.filter((secret) => secret !== '');
  }

  mask<T>(value: T): T {
    const masked = this.secrets.length === 0 ? value : maskSecrets(value, this.secrets);
    return this.replaceNul ? withoutNul(masked) : masked;
  }

  newRun(run: NewRun): NewRun {
    if (this.secrets.length === 0 && !this.replaceNul) return run;
    const { delivery, ...rest } = run;
    return { ...this.mask(rest), ...(delivery === undefined ? {} : { delivery }) };
  }

  patch(patch: RunPatch): RunPatch {
    return this.mask(patch);
  }

  log(log: NewRunLog): NewRunLog {
    return this.mask(log);
  }

  result(result: RunResult): RunResult {
    if (this.secrets.length === 0 && !this.replaceNul) return result;
    const { completeDeliveryOf, ...rest } = result;
    return {
      ...this.mask(rest),
      ...(completeDeliveryOf === undefined ? {} : { completeDeliveryOf }),
    };
  }

  retry(options: RetryOptions): RetryOptions {
    return this.mask(options);
  }
}

/**
 * `value` with U+0000 in every string (object keys included) as U+FFFD: the same value when it
 * holds none (the common case: nothing is copied), else a copy of what holds one.
 */
function withoutNul<T>(value: T): T {
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
  for (const key in record) {
    if (replaceNul(key) !== key || replaceNul(record[key]) !== record[key]) {
      // Rare: copy this object (own properties defined, so a `__proto__` key stays a key).
      return Object.fromEntries(
        Object.entries(record).map(([k, child]) => [replaceNul(k), replaceNul(child)]),
      );
    }
  }
  return node;
}
