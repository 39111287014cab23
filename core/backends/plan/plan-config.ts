/** What request planning needs besides the definition and trigger data. */
export interface PlanConfig {
  /** Secret values by name: `{{ .secrets.NAME }}`. Visible to payload rendering only. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Signs webhook and Kafka requests with Port's scheme when set. */
  readonly signingSecret?: string;
  /** Clock for signature timestamps (default: now). */
  readonly now?: Date;
  /** GitLab base URL (default `https://gitlab.com`). */
  readonly gitlabUrl?: string;
  /** A project's default branch, when known (asked of the GitLab API by the sender). */
  readonly gitlabDefaultBranch?: string;
  /** Kafka topic for runs (default `switchyard.runs`). */
  readonly kafkaTopic?: string;
  /** Port's API (SWITCHYARD_PORT_API_URL): UPSERT_ENTITY writes there instead of the embedded catalog. */
  readonly portApiUrl?: string;
  /** Azure DevOps base URL (SWITCHYARD_AZURE_DEVOPS_URL, default `https://dev.azure.com`). */
  readonly azureDevopsUrl?: string;
}

export const DEFAULT_AZURE_DEVOPS_URL = 'https://dev.azure.com';
export const DEFAULT_GITLAB_URL = 'https://gitlab.com';
export const DEFAULT_KAFKA_TOPIC = 'switchyard.runs';
