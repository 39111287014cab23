/** Typed views of a definition that passed validation (the schema guarantees these shapes). */

export type EntityEventType =
  'ENTITY_CREATED' | 'ENTITY_UPDATED' | 'ENTITY_DELETED' | 'ANY_ENTITY_CHANGE';
export type RunEventType = 'RUN_CREATED' | 'RUN_UPDATED' | 'ANY_RUN_CHANGE';
export type AutomationEventType = EntityEventType | RunEventType | 'TIMER_PROPERTY_EXPIRED';

export interface AutomationEvent {
  readonly type: AutomationEventType;
  readonly blueprintIdentifier?: string;
  readonly propertyIdentifier?: string;
  readonly actionIdentifier?: string;
}

export interface JqCondition {
  readonly type: 'JQ';
  readonly expressions: readonly string[];
  readonly combinator?: 'and' | 'or';
}

export interface WebhookMethod {
  readonly type: 'WEBHOOK';
  readonly url: string;
  readonly method?: 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'GET';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly synchronized?: boolean | string;
  readonly agent?: boolean | string;
}

export interface GithubMethod {
  readonly type: 'GITHUB';
  readonly org: string;
  readonly repo: string;
  readonly workflow: string;
  readonly workflowInputs?: Readonly<Record<string, unknown>>;
  readonly reportWorkflowStatus?: boolean | string;
}

export interface GitlabMethod {
  readonly type: 'GITLAB';
  readonly projectName: string;
  readonly groupName: string;
  readonly defaultRef?: string;
  readonly pipelineVariables?: Readonly<Record<string, unknown>>;
}

export interface KafkaMethod {
  readonly type: 'KAFKA';
  readonly payload?: unknown;
}

/** Port's UPSERT_ENTITY backend: every mapping leaf is a `{{ }}` template. */
export interface UpsertEntityMethod {
  readonly type: 'UPSERT_ENTITY';
  readonly blueprintIdentifier: string;
  readonly mapping: {
    readonly identifier?: string;
    readonly title?: string;
    readonly icon?: string;
    readonly team?: string | readonly string[];
    readonly properties?: Readonly<Record<string, unknown>> | string;
    readonly relations?: Readonly<Record<string, unknown>> | string;
  };
}

/** Port's AZURE_DEVOPS backend: an incoming-webhook trigger of an Azure DevOps organization. */
export interface AzureDevopsMethod {
  readonly type: 'AZURE_DEVOPS';
  /** The incoming webhook's name (the service connection's "Webhook Name"). */
  readonly webhook: string;
  readonly org: string;
  readonly payload?: unknown;
}

export type InvocationMethod =
  | WebhookMethod
  | GithubMethod
  | GitlabMethod
  | KafkaMethod
  | UpsertEntityMethod
  | AzureDevopsMethod;

export interface UserInput {
  readonly type: 'string' | 'number' | 'boolean' | 'object' | 'array';
  readonly format?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly [key: string]: unknown;
}

export interface SelfServiceTrigger {
  readonly type: 'self-service';
  readonly operation: 'CREATE' | 'DAY-2' | 'DELETE';
  readonly blueprintIdentifier?: string;
  readonly userInputs: {
    readonly properties: Readonly<Record<string, UserInput>>;
    readonly required?: readonly string[] | { readonly jqQuery: string };
    readonly order?: readonly string[];
  };
}

export interface AutomationTrigger {
  readonly type: 'automation';
  readonly event: AutomationEvent;
  readonly condition?: JqCondition;
}

interface DefinitionBase {
  readonly identifier: string;
  readonly title?: string;
  readonly icon?: string;
  readonly description?: string;
  readonly invocationMethod: InvocationMethod;
  readonly publish?: boolean;
}

export interface Automation extends DefinitionBase {
  readonly trigger: AutomationTrigger;
}

export interface SelfServiceAction extends DefinitionBase {
  readonly trigger: SelfServiceTrigger;
}

export type Definition = Automation | SelfServiceAction;

export function isAutomation(definition: Definition): definition is Automation {
  return definition.trigger.type === 'automation';
}
