import type { DefinitionRule } from '../rule-context.js';
import { conditionEventPrefix } from './condition-event-prefix.js';
import { eventSelector } from './event-selector.js';
import { githubInputLimit } from './github-input-limit.js';
import { insecureWebhookUrl } from './insecure-webhook-url.js';
import { literalCredential } from './literal-credential.js';
import { publishMissing } from './publish-missing.js';
import { unknownRequiredInput } from './unknown-required-input.js';

/** Rules that look at one definition at a time. */
export const FILE_RULES: readonly DefinitionRule[] = [
  eventSelector,
  conditionEventPrefix,
  githubInputLimit,
  literalCredential,
  publishMissing,
  insecureWebhookUrl,
  unknownRequiredInput,
];
