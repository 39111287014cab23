import { maskSecrets } from '../../core/template/mask-secrets.js';
import type { NewRun } from './run-record.js';
import type { NewRunLog, RetryOptions, RunPatch, RunResult } from './store.js';

/**
 * Masks every configured secret value (raw, JSON-escaped, URL-encoded, base64) in what the
 * store writes about runs: payloads, responses, summaries, labels, links, logs, errors. The
 * last line of defence, whatever a template or a backend's answer did; `delivery` is left as
 * it is (what the dispatcher sends; it holds no secret, see `DeliveryPlan`).
 */
export class SecretMasker {
  private readonly secrets: readonly string[];

  constructor(secrets: readonly string[] = []) {
    this.secrets = secrets.filter((secret) => secret !== '');
  }

  mask<T>(value: T): T {
    return this.secrets.length === 0 ? value : maskSecrets(value, this.secrets);
  }

  newRun(run: NewRun): NewRun {
    if (this.secrets.length === 0) return run;
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
    if (this.secrets.length === 0) return result;
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
