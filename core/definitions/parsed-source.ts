import type { Problem } from './problem.js';
import type { SourceLocator } from './source-locator.js';

/** A definition file after parsing: its value (when it parsed), where each node is, and syntax problems. */
export interface ParsedSource {
  readonly file: string;
  readonly value: unknown;
  readonly locator: SourceLocator;
  /** Syntax problems; when any is an error, `value` is undefined. */
  readonly problems: Problem[];
}
