import { formatProblem } from '../../core/definitions/format-problem.js';
import type { Logger } from '../log/create-logger.js';
import type { RecordedSync } from './record-sync.js';
import type { ChangedNames } from './sync-summary.js';

/** One line for a set activated; for a set rejected, each error and then what stays active. */
export function logSync(
  log: Logger,
  sync: RecordedSync,
  names: ChangedNames,
  reason: string,
): void {
  const { repository } = sync;
  const commit = sync.sha.slice(0, 7);
  if (sync.activated) {
    log.info(
      `synced ${repository}@${commit} (${reason}): ${sync.active} definition(s) active; created ${names.created.join(', ') || 'none'}; updated ${names.updated.join(', ') || 'none'}; deleted ${names.deleted.join(', ') || 'none'}`,
    );
  } else {
    for (const problem of sync.errors) log.error(`${repository}: ${formatProblem(problem)}`);
    log.error(
      `${repository}@${commit} has ${sync.errors.length} error(s): keeping the last good set of ${sync.active} definition(s)`,
    );
  }
}
