import type { RunRecord } from '../store/run-record.js';
import { toPortRun, type PortRun } from '../store/to-port-run.js';

/** Port's run with switchyard's extras, as the runs list and the live stream show it. */
export interface UiRun extends PortRun {
  eventId: string | null;
  eventType: string | null;
  backend: string;
  /** The definition's file, or `owner/repo:identifier@sha` when synced from a repository. */
  definitionSource: string;
  attempts: number;
  durationMs: number | null;
  nextAttemptAt: string | null;
  rerunOf: string | null;
}

export function definitionSourceOf(
  origin: { readonly repository?: string; readonly file: string; readonly commit?: string },
  identifier: string,
): string {
  if (origin.repository === undefined) return origin.file;
  return `${origin.repository}:${identifier}${origin.commit ? `@${origin.commit}` : ''}`;
}

export function toUiRun(run: RunRecord): UiRun {
  return {
    ...toPortRun(run),
    eventId: run.eventId,
    eventType: run.eventType,
    backend: run.backendType,
    definitionSource: definitionSourceOf(run.origin, run.action.identifier),
    attempts: run.attempts,
    durationMs: run.endedAt === null ? null : Date.parse(run.endedAt) - Date.parse(run.createdAt),
    nextAttemptAt: run.nextAttemptAt,
    rerunOf: run.rerunOf,
  };
}
