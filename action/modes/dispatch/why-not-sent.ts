import type { Preview } from '../../../core/preview/preview-definition.js';
import type { DispatchOutcome } from './report-dispatch.js';

/**
 * The outcome of a dispatch that sends nothing — the event does not match, the payload did not
 * render, or it is a dry run — or undefined when the request is to be sent.
 */
export function whyNotSent(preview: Preview, dryRun: boolean): DispatchOutcome | undefined {
  if (!preview.matched)
    return { outcome: 'skipped', logs: ['The event does not match, so nothing was sent.'] };
  if (preview.errors.length)
    return {
      outcome: 'failed',
      status: 'FAILURE',
      logs: ['The payload did not render, so nothing was sent.'],
    };
  if (dryRun) return { outcome: 'skipped', logs: ['Dry run: nothing was sent.'] };
  return undefined;
}
