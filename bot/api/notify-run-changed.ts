import type { BotContext } from '../bot-context.js';
import type { RunChange } from '../store/run-record.js';

/** Hands a run change to the bot (RUN_UPDATED chains); the change is stored, so a failure here is only logged. */
export function notifyRunChanged(ctx: BotContext, change: RunChange): void {
  try {
    ctx.runChanged(change);
  } catch (error) {
    ctx.log.error({ err: error, runId: change.after.id }, 'could not raise RUN_UPDATED');
  }
}
