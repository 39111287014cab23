import { maskSecrets } from '../../core/template/mask-secrets.js';
import type { NewRun } from './run-record.js';
import { withoutNul } from './without-nul.js';
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
