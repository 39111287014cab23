import type { JsonPath } from '../definitions/json-path.js';

/** One reason a self-service run's inputs were refused. */
export interface InputProblem {
  /** Where inside the inputs: `[]` for the whole object, `['env']`, `['tags', 0]`. */
  readonly path: JsonPath;
  /** Reads after the path: `is required`, `must be one of "dev", "prod"`. Never echoes the value. */
  readonly message: string;
}
