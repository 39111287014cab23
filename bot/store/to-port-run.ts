import type { RunStatus } from '../../core/runs/run-status.js';
import type { RunRecord, RunSource } from './run-record.js';

interface PortRunSubject {
  identifier: string;
  title: string | null;
  icon: null;
}

/** A run as Port's run API answers it (spec §6); switchyard's own fields are left out. */
export interface PortRun {
  id: string;
  status: RunStatus;
  statusLabel: string | null;
  action: { identifier: string; title: string | null; icon: null; deleted: false };
  blueprint?: PortRunSubject;
  entity?: PortRunSubject;
  properties: Record<string, unknown>;
  source: RunSource;
  requiredApproval: false;
  link: string[];
  summary: string | null;
  externalRunId: string | null;
  payload: unknown;
  response: unknown;
  endedAt: string | null;
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toPortRun(run: RunRecord): PortRun {
  return {
    id: run.id,
    status: run.status,
    statusLabel: run.statusLabel,
    action: {
      identifier: run.action.identifier,
      title: run.action.title,
      icon: null,
      deleted: false,
    },
    ...(run.blueprint === null
      ? {}
      : {
          blueprint: {
            identifier: run.blueprint.identifier,
            title: run.blueprint.title ?? null,
            icon: null,
          },
        }),
    ...(run.entity === null
      ? {}
      : {
          entity: {
            identifier: run.entity.identifier,
            title: run.entity.title ?? null,
            icon: null,
          },
        }),
    properties: run.properties,
    source: run.source,
    requiredApproval: false,
    link: run.link,
    summary: run.summary,
    externalRunId: run.externalRunId,
    payload: run.payload,
    response: run.response,
    endedAt: run.endedAt,
    createdBy: run.createdBy,
    updatedBy: run.updatedBy,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
  };
}
