import type { JsonPath } from '../definitions/json-path.js';
import type { JqErrorKind } from '../jq/jq-engine.js';

/**
 * Why a template could not be rendered the way its author meant:
 * - `braces`: a nested `{{`, a stray `}}` or an unclosed `{{` (Port throws);
 * - `jq`: a block failed to compile or run (Port renders `null`);
 * - `key-type`: a key rendered to a number, boolean, object or array (Port throws);
 * - `spread-type`: a `{{ spreadValue() }}` value did not render to an object (Port throws).
 */
export type TemplateErrorKind = 'braces' | 'jq' | 'key-type' | 'spread-type';

export interface TemplateError {
  /** Where the template sits in the template tree, formatted like `body.items[2].name`. */
  readonly path: string;
  /** The same location as segments, for mapping back to a source file. */
  readonly segments: JsonPath;
  /** Whether the failing template is the property name or the value at `segments`. */
  readonly part: 'key' | 'value';
  readonly kind: TemplateErrorKind;
  /** Port's message for `braces`, `key-type` and `spread-type`; jq's message for `jq`. */
  readonly message: string;
  /** For `jq` errors: the block's jq text as written in the template. */
  readonly expression?: string;
  /** For `jq` errors: compile, runtime, timeout, … as reported by the engine. */
  readonly jqKind?: JqErrorKind;
}
