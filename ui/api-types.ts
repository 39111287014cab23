/** The shapes the UI reads, as docs/api.md describes them ("Endpoints the web UI uses"). */

export type RunStatus = 'IN_PROGRESS' | 'SUCCESS' | 'FAILURE' | 'WAITING_FOR_APPROVAL' | 'DECLINED';

export const RUN_STATUSES: readonly RunStatus[] = [
  'IN_PROGRESS',
  'SUCCESS',
  'FAILURE',
  'WAITING_FOR_APPROVAL',
  'DECLINED',
];

export interface Subject {
  readonly identifier: string;
  readonly title: string | null;
}

export interface Run {
  readonly id: string;
  readonly status: RunStatus;
  readonly statusLabel: string | null;
  readonly action: { readonly identifier: string; readonly title: string | null };
  readonly blueprint?: Subject;
  readonly entity?: Subject;
  readonly properties: Record<string, unknown>;
  readonly link: readonly string[];
  readonly summary: string | null;
  readonly externalRunId: string | null;
  readonly payload: unknown;
  readonly response: unknown;
  readonly endedAt: string | null;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly eventId?: string | null;
  readonly eventType?: string | null;
  readonly backend?: string;
  readonly definitionSource?: string;
  readonly attempts?: number;
  readonly durationMs?: number | null;
  readonly nextAttemptAt?: string | null;
  readonly rerunOf?: string | null;
}

export interface RunDetail extends Run {
  readonly request?: unknown;
  readonly triggerData?: unknown;
  readonly chain?: { readonly parent: string | null; readonly children: readonly string[] };
  readonly reruns?: readonly string[];
}

export interface Attempt {
  readonly n: number;
  readonly startedAt: string;
  readonly durationMs: number | null;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly responseExcerpt: string | null;
  readonly nextAttemptAt: string | null;
}

export interface RunLog {
  readonly message: string;
  readonly createdAt?: string;
  readonly timestamp?: string;
  readonly createdBy?: string | null;
  readonly terminationStatus?: string | null;
  readonly statusLabel?: string | null;
  readonly link?: string | null;
}

export interface EventSummary {
  readonly id: string;
  readonly type: string | null;
  readonly source: string;
  readonly receivedAt: string;
  readonly blueprint: string | null;
  readonly entity: string | null;
  readonly runIds: readonly string[];
  readonly duplicates: number;
}

export interface EventDetail extends EventSummary {
  readonly body: unknown;
  readonly replays?: readonly {
    readonly at: string;
    readonly by: string | null;
    readonly dryRun: boolean;
    readonly force?: boolean;
    readonly runIds: readonly string[];
  }[];
}

export interface Decision {
  readonly automation: string;
  readonly source: string | null;
  readonly outcome:
    | 'matched'
    | 'event-type'
    | 'blueprint'
    | 'disabled'
    | 'condition'
    | 'render-error'
    | 'duplicate';
  readonly reason: string;
  readonly conditions?: readonly {
    readonly expression: string;
    readonly value: unknown;
    readonly error?: string | null;
    readonly passed?: boolean;
  }[];
  readonly renderError: { readonly path: string; readonly message: string } | null;
  readonly runId: string | null;
}

export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly rule?: string;
}

export interface Automation {
  readonly identifier: string;
  readonly kind: 'automation' | 'self-service';
  readonly title: string | null;
  readonly event?: { readonly type: string; readonly blueprintIdentifier?: string };
  readonly operation?: string;
  readonly blueprintIdentifier?: string;
  readonly backend: string;
  readonly publish: boolean;
  readonly origin: {
    readonly file: string;
    readonly repository: string | null;
    readonly commit: string | null;
  };
  readonly source?: string;
  readonly enabled?: boolean;
  readonly runs24h?: number;
  readonly successRate24h?: number | null;
  readonly lastRun?: {
    readonly id: string;
    readonly status: RunStatus;
    readonly createdAt: string;
  } | null;
}

export interface LoadResult {
  readonly source: string;
  readonly at: string;
  readonly activated: boolean;
  readonly definitions: number;
  readonly errors: readonly Problem[];
  readonly commit?: string;
}

export interface DefinitionSets {
  readonly repositories: readonly {
    readonly repository: string;
    readonly commit: string | null;
    readonly syncedCommit?: string | null;
    readonly syncedAt: string | null;
    readonly status: string;
    readonly definitions?: number;
    readonly errors: readonly Problem[];
  }[];
  readonly local: {
    readonly folder: string;
    readonly loadedAt: string;
    readonly activated?: boolean;
    readonly definitions?: number;
    readonly errors: readonly Problem[];
  } | null;
}

/** One input of a self-service action, as in its `userInputs.properties`. */
export interface UserInput {
  readonly type?: 'string' | 'number' | 'boolean' | 'array' | 'object';
  readonly title?: string;
  readonly description?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly items?: { readonly type?: string; readonly enum?: readonly unknown[] };
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
  readonly blueprint?: string;
}

export interface SelfServiceAction {
  readonly identifier: string;
  readonly title: string | null;
  readonly description?: string | null;
  readonly blueprintIdentifier?: string | null;
  readonly operation: string;
  readonly userInputs?: {
    readonly properties?: Readonly<Record<string, UserInput>>;
    readonly required?: readonly string[] | { readonly jqQuery: string };
    readonly order?: readonly string[];
  };
  readonly source?: string;
}
