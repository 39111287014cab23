import type { EntityInput } from '../../entities/port-entity.js';

/** The exact request a backend will receive for one run (spec §5). Pure data, printable once masked. */
export type RequestPlan =
  WebhookPlan | GithubPlan | GitlabPlan | KafkaPlan | UpsertEntityPlan | AzureDevopsPlan;

export interface WebhookPlan {
  readonly type: 'WEBHOOK';
  readonly runId: string;
  readonly method: 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'GET';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The rendered body; absent for a GET without a body. */
  readonly body?: unknown;
  /** The body exactly as sent (compact JSON), the text the signature covers. */
  readonly bodyText: string;
  /** `true`: the HTTP status decides the run's status; otherwise the backend reports. */
  readonly synchronized: boolean;
  readonly agent: boolean;
}

export interface GithubPlan {
  readonly type: 'GITHUB';
  readonly runId: string;
  readonly owner: string;
  readonly repo: string;
  readonly workflow: string;
  /** The git ref; null means "the repository's default branch", resolved when sending. */
  readonly ref: string | null;
  readonly refSource: 'workflowInputs.ref' | 'default-branch';
  /** Every input as a string: GitHub passes inputs to workflows as strings. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly returnRunDetails: true;
  readonly reportWorkflowStatus: boolean;
}

export interface GitlabPlan {
  readonly type: 'GITLAB';
  readonly runId: string;
  /** `group/sub/project`. */
  readonly project: string;
  /** `POST` target: `{GITLAB_URL}/api/v4/projects/<url-encoded project>/trigger/pipeline`. */
  readonly url: string;
  readonly ref: string;
  readonly refSource:
    | 'pipelineVariables.ref'
    | 'inputs.ref'
    | 'defaultRef'
    | 'project-default-branch'
    | 'fallback-main';
  /** Every variable as a string: CI/CD variables are strings. */
  readonly variables: Readonly<Record<string, string>>;
  /** Name of the configuration variable holding the trigger token (never its value). */
  readonly tokenVariable: string;
}

export interface KafkaPlan {
  readonly type: 'KAFKA';
  readonly runId: string;
  readonly topic: string;
  /** The message key: the run id. */
  readonly key: string;
  readonly value: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

export interface UpsertEntityPlan {
  readonly type: 'UPSERT_ENTITY';
  readonly runId: string;
  readonly blueprint: string;
  /** The rendered mapping: the entity written (no identifier: one is generated). */
  readonly entity: EntityInput;
  /** `catalog`: the embedded catalog; `port`: Port's API (SWITCHYARD_PORT_API_URL). */
  readonly target: 'catalog' | 'port';
  /** Port's request: `POST /v1/blueprints/{bp}/entities?upsert=true&run_id=…` with the entity. */
  readonly request: { readonly method: 'POST'; readonly url: string; readonly body: unknown };
}

export interface AzureDevopsPlan {
  readonly type: 'AZURE_DEVOPS';
  readonly runId: string;
  readonly org: string;
  readonly webhook: string;
  /** `POST {base}/{org}/_apis/public/distributedtask/webhooks/{webhook}?api-version=6.0-preview`. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The rendered payload. */
  readonly body: unknown;
  /** The body exactly as sent (compact JSON), the text the checksum covers. */
  readonly bodyText: string;
}

/** A problem found while planning: where in the definition, and what. */
export interface PlanError {
  /** e.g. `invocationMethod.body.items[2]`. */
  readonly path: string;
  readonly message: string;
}
