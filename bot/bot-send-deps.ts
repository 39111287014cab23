import { Octokit } from '@octokit/core';
import { PortTokenCache } from '../core/backends/send/port-token-cache.js';
import { dnsServersResolve } from '../core/backends/send/resolve-host.js';
import type { KafkaSender } from '../core/backends/send/send-kafka.js';
import type { SendDeps } from '../core/backends/send/send-plan.js';
import type { BotContext } from './bot-context.js';
import { catalogSender } from './entities/send-to-catalog.js';
import type { GithubAppHandle } from './github-app/mount-github-app.js';

/**
 * What the dispatcher sends with: the configured timeouts, destination policy and tokens, the
 * catalog, Port's tokens, the Kafka producer and the GitHub App's installations when there
 * are, then `overrides` (tests).
 */
export function botSendDeps(
  ctx: BotContext,
  parts: { readonly kafka?: () => Promise<KafkaSender>; readonly github?: GithubAppHandle },
  overrides: Partial<SendDeps> = {},
): SendDeps {
  const { config } = ctx;
  const token = config.githubToken;
  return {
    webhookTimeoutMs: config.webhookTimeoutMs,
    allowMetadataAddresses: config.allowMetadataAddresses,
    destinations: {
      allowed: config.allowedDestinations,
      allowMetadata: config.allowMetadataAddresses,
    },
    ...(config.dnsServers ? { resolve: dnsServersResolve(config.dnsServers) } : {}),
    githubCorrelationTimeoutMs: config.githubCorrelationTimeoutMs,
    gitlabToken: config.gitlabTriggerToken,
    ...(config.gitlabReadToken ? { gitlabReadToken: config.gitlabReadToken } : {}),
    // The GitHub App's installations when it is configured, else the plain token.
    ...(parts.github
      ? { github: parts.github.sender.request }
      : token
        ? {
            github: async () => {
              const octokit = new Octokit({ auth: token, baseUrl: config.githubApiUrl });
              return (route, parameters) => octokit.request(route, parameters);
            },
          }
        : {}),
    catalog: catalogSender(ctx),
    ...(config.portAccount ? { portTokens: new PortTokenCache(config.portAccount) } : {}),
    ...(parts.kafka ? { kafka: parts.kafka } : {}),
    ...overrides,
  };
}
