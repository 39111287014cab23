import type { PortTokenCache } from './port-token-cache.js';
import type { RequestPlan, UpsertEntityPlan } from '../plan/request-plan.js';
import type { DestinationPolicy } from './destination-policy.js';
import type { ResolveHost } from './resolve-host.js';
import { sendGithub, type GithubRequest } from './send-github.js';
import { sendGitlab, type GitlabToken } from './send-gitlab.js';
import { sendKafka, type KafkaSender } from './send-kafka.js';
import { sendAzureDevops } from './send-azure-devops.js';
import type { SendResult } from './send-result.js';
import { sendUpsertEntityToPort } from './send-upsert-entity.js';
import { sendWebhook } from './send-webhook.js';

/** What sending needs from its host (the bot or the Action). Missing pieces fail the run, clearly. */
export interface SendDeps {
  readonly webhookTimeoutMs?: number;
  readonly allowMetadataAddresses?: boolean;
  /** Where WEBHOOK urls may go (default: public addresses only). */
  readonly destinations?: DestinationPolicy;
  /** Resolves webhook host names (default: the system resolver). */
  readonly resolve?: ResolveHost;
  /** An Octokit `request` authenticated for the target repository. */
  readonly github?: (owner: string, repo: string) => Promise<GithubRequest>;
  /** How long the GitHub Enterprise Server fallback looks for a dispatched run (default 60 s). */
  readonly githubCorrelationTimeoutMs?: number;
  /** The trigger token for a GitLab project, by its variable name (or why it is missing). */
  readonly gitlabToken?: (variable: string) => GitlabToken;
  /** Reads a project's default branch when a GITLAB plan names no ref. */
  readonly gitlabReadToken?: string;
  readonly kafka?: () => Promise<KafkaSender>;
  /** Writes an UPSERT_ENTITY plan to the embedded catalog (the bot's store). */
  readonly catalog?: (plan: UpsertEntityPlan) => Promise<SendResult>;
  /** Port account tokens, for UPSERT_ENTITY plans whose target is Port. */
  readonly portTokens?: PortTokenCache;
}

/** Sends one planned request with the backend its type names. */
export async function sendPlan(plan: RequestPlan, deps: SendDeps): Promise<SendResult> {
  switch (plan.type) {
    case 'WEBHOOK':
      return sendWebhook(plan, {
        ...(deps.webhookTimeoutMs ? { timeoutMs: deps.webhookTimeoutMs } : {}),
        ...(deps.allowMetadataAddresses ? { allowMetadataAddresses: true } : {}),
        ...(deps.destinations ? { destinations: deps.destinations } : {}),
        ...(deps.resolve ? { resolve: deps.resolve } : {}),
      });
    case 'GITHUB': {
      if (!deps.github)
        return unavailable('GitHub workflows need a GitHub token or the GitHub App');
      let request: GithubRequest;
      try {
        request = await deps.github(plan.owner, plan.repo);
      } catch (error) {
        return unavailable((error as Error).message);
      }
      return sendGithub(plan, request, {
        ...(deps.githubCorrelationTimeoutMs === undefined
          ? {}
          : { correlationTimeoutMs: deps.githubCorrelationTimeoutMs }),
      });
    }
    case 'GITLAB':
      return sendGitlab(plan, {
        token: deps.gitlabToken?.(plan.tokenVariable),
        ...(deps.gitlabReadToken ? { readToken: deps.gitlabReadToken } : {}),
      });
    case 'KAFKA': {
      if (!deps.kafka) return unavailable('Kafka is not configured: set the Kafka brokers');
      let producer: KafkaSender;
      try {
        producer = await deps.kafka();
      } catch (error) {
        const message = `Kafka is unavailable: ${(error as Error).message}`;
        return { outcome: 'retry', error: message, logs: [message] };
      }
      return sendKafka(plan, producer);
    }
    case 'UPSERT_ENTITY':
      if (plan.target === 'port') {
        if (!deps.portTokens) {
          return unavailable(
            'UPSERT_ENTITY targets Port, but SWITCHYARD_PORT_CLIENT_ID / SWITCHYARD_PORT_CLIENT_SECRET are not set',
          );
        }
        return sendUpsertEntityToPort(plan, deps.portTokens, {
          ...(deps.webhookTimeoutMs ? { timeoutMs: deps.webhookTimeoutMs } : {}),
        });
      }
      if (!deps.catalog) return unavailable('the embedded entity catalog is not available here');
      return deps.catalog(plan);
    case 'AZURE_DEVOPS':
      return sendAzureDevops(plan, {
        ...(deps.webhookTimeoutMs ? { timeoutMs: deps.webhookTimeoutMs } : {}),
      });
  }
}

function unavailable(message: string): SendResult {
  return { outcome: 'done', status: 'FAILURE', summary: message, logs: [message] };
}
