import type { PlanConfig } from '../../core/backends/plan/plan-config.js';
import type { BotConfig } from '../config/read-config.js';

/** Request planning settings from the bot's configuration. Signatures are added when sending. */
export function planConfigOf(config: BotConfig): PlanConfig {
  return {
    secrets: config.secrets,
    gitlabUrl: config.gitlabUrl,
    kafkaTopic: config.kafkaTopic,
    azureDevopsUrl: config.azureDevopsUrl,
    ...(config.portAccount ? { portApiUrl: config.portAccount.apiUrl } : {}),
  };
}
