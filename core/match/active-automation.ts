import type { Automation } from '../definitions/definition.js';

/** Where a definition came from: a file in a local folder or in a repository at a commit. */
export interface DefinitionOrigin {
  readonly file: string;
  /** `owner/repo`, for definitions synced from GitHub. */
  readonly repository?: string;
  readonly commit?: string;
}

/** An automation in an active set, with its origin. */
export interface ActiveAutomation {
  readonly definition: Automation;
  readonly origin: DefinitionOrigin;
}
