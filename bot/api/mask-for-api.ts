import { maskSecrets } from '../../core/template/mask-secrets.js';
import type { BotConfig } from '../config/read-config.js';

/**
 * Every secret value the bot knows (`SWITCHYARD_SECRET_*`, signing secrets, the API client
 * secret, tokens), for masking what the API and the UI show.
 */
export function secretValuesOf(config: BotConfig): string[] {
  return [
    ...Object.values(config.secrets),
    config.webhookSecret,
    config.eventsSecret,
    config.clientSecret,
    config.githubToken,
    config.gitlabReadToken,
    config.gitlabWebhookToken,
    config.portAccount?.clientSecret,
    config.github?.webhookSecret,
  ].filter((value): value is string => typeof value === 'string' && value.length > 0);
}

/** A copy of `value` with every configured secret replaced by `***` (see `maskSecrets`). */
export function maskForApi<T>(config: BotConfig, value: T): T {
  return maskSecrets(value, secretValuesOf(config));
}
