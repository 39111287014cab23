import { formatJsonPath } from '../definitions/json-path.js';
import type { JsonPath } from '../definitions/json-path.js';
import type { JqEngine, JqOutcome } from '../jq/jq-engine.js';
import { collectTemplateExpressions } from './collect-template-expressions.js';
import { isSpreadKey } from './is-spread-key.js';
import { rewriteSingleQuotes } from './rewrite-single-quotes.js';
import { scanTemplate } from './scan-template.js';
import type { TemplateBlock, TemplateScan } from './scan-template.js';
import type { TemplateError, TemplateErrorKind } from './template-error.js';

export interface RenderTemplateOptions {
  /** Prefix for error paths, e.g. `['body']` when rendering `invocationMethod.body`. */
  readonly basePath?: JsonPath;
}

export interface RenderResult {
  /** What Port's `renderRecursively` returns with its default options, or `null` where it throws. */
  readonly value: unknown;
  /** Every problem, in the order Port would meet them; empty when the render is clean. */
  readonly errors: TemplateError[];
}

/**
 * Renders a Port payload template against trigger data (spec §4): `{{ jq }}` blocks in strings
 * and keys, whole-string templates keeping their JSON type, `{{ spreadValue() }}` keys.
 * All blocks of the tree are evaluated with one `jq.evaluate` call. Never throws for a
 * template or jq problem: where Port would throw, the failing template renders as `null`
 * (a failing key drops its pair, a failing spread merges nothing) and an error is recorded.
 */
export async function renderTemplate(
  template: unknown,
  data: unknown,
  jq: JqEngine,
  options: RenderTemplateOptions = {},
): Promise<RenderResult> {
  const { scans, expressions } = templatePlan(template);
  const outcomes = expressions.length === 0 ? [] : await evaluateAll(jq, data, expressions);
  const results = new Map<string, JqOutcome>();
  expressions.forEach((expression, i) => {
    results.set(
      expression,
      outcomes[i] ?? { ok: false, kind: 'engine-fault', message: 'jq engine returned no outcome' },
    );
  });
  const assembler = new Assembler(scans, results);
  const value = assembler.node(template, options.basePath ?? []);
  return { value, errors: assembler.errors };
}

interface TemplatePlan {
  readonly scans: Map<string, TemplateScan>;
  readonly expressions: string[];
}

/**
 * Scans and expressions per template object: a definition's templates are rendered for
 * every event, and scanning them again was a quarter of the engine's time per event.
 * Definitions are never mutated after loading; string templates are not cached.
 */
const plans = new WeakMap<object, TemplatePlan>();

function templatePlan(template: unknown): TemplatePlan {
  const cacheable = typeof template === 'object' && template !== null;
  const hit = cacheable ? plans.get(template) : undefined;
  if (hit) return hit;
  const scans = new Map<string, TemplateScan>();
  const plan = { scans, expressions: collectTemplateExpressions(template, scans) };
  if (cacheable) plans.set(template, plan);
  return plan;
}

async function evaluateAll(
  jq: JqEngine,
  data: unknown,
  expressions: string[],
): Promise<JqOutcome[]> {
  try {
    return await jq.evaluate(data, expressions);
  } catch (error) {
    const message = `jq engine failed: ${error instanceof Error ? error.message : String(error)}`;
    return expressions.map(() => ({ ok: false, kind: 'engine-fault', message }));
  }
}

class Assembler {
  readonly errors: TemplateError[] = [];

  constructor(
    private readonly scans: Map<string, TemplateScan>,
    private readonly results: Map<string, JqOutcome>,
  ) {}

  node(template: unknown, segments: JsonPath): unknown {
    if (typeof template === 'string') return this.string(template, segments, 'value');
    if (Array.isArray(template))
      return template.map((item, i) => this.node(item, [...segments, i]));
    if (typeof template === 'object' && template !== null) return this.object(template, segments);
    return template;
  }

  private object(template: object, segments: JsonPath): Record<string, unknown> {
    const entries: [string, unknown][] = [];
    for (const [key, value] of Object.entries(template)) {
      const at = [...segments, key];
      if (isSpreadKey(key)) {
        const spread = this.node(value, at);
        if (typeof spread === 'object' && spread !== null) entries.push(...Object.entries(spread));
        else {
          this.report(at, 'value', 'spread-type', spreadMessage(key, value, spread));
        }
        continue;
      }
      const renderedKey = this.string(key, at, 'key');
      if (typeof renderedKey === 'string') {
        if (renderedKey !== '') entries.push([renderedKey, this.node(value, at)]);
      } else if (renderedKey !== null && renderedKey !== undefined) {
        const message =
          'Evaluated object key should be undefined, null or string. ' +
          `Original key: ${key}, evaluated to: ${JSON.stringify(renderedKey)}`;
        this.report(at, 'key', 'key-type', message);
      }
    }
    // Same semantics as Port's: a repeated key keeps its first position and its last value,
    // and `__proto__` stays an ordinary property.
    return Object.fromEntries(entries);
  }

  private string(text: string, segments: JsonPath, part: 'key' | 'value'): unknown {
    const scan = this.scans.get(text) ?? scanTemplate(text);
    if (!scan.ok) {
      this.report(segments, part, 'braces', scan.error.message);
      return null;
    }
    const { blocks } = scan;
    if (blocks.length === 0) return text;
    const trimmed = text.trim();
    if (blocks.length === 1 && trimmed.startsWith('{{') && trimmed.endsWith('}}')) {
      return this.block(blocks[0]!, segments, part);
    }
    let out = text.slice(0, blocks[0]!.start);
    blocks.forEach((block, i) => {
      const value = this.block(block, segments, part);
      // JSON.stringify(undefined) is undefined, which Port concatenates as "undefined".
      out += typeof value === 'string' ? value : String(JSON.stringify(value));
      out += text.slice(block.end, blocks[i + 1]?.start ?? text.length);
    });
    return out;
  }

  private block(block: TemplateBlock, segments: JsonPath, part: 'key' | 'value'): unknown {
    const outcome = this.results.get(rewriteSingleQuotes(block.jq));
    if (outcome?.ok) return outcome.value;
    const failure = outcome ?? { kind: 'engine-fault', message: 'expression was not evaluated' };
    this.errors.push({
      ...this.locate(segments, part),
      kind: 'jq',
      message: failure.message,
      expression: block.jq,
      jqKind: failure.kind,
    });
    return null;
  }

  private report(
    segments: JsonPath,
    part: 'key' | 'value',
    kind: TemplateErrorKind,
    message: string,
  ): void {
    this.errors.push({ ...this.locate(segments, part), kind, message });
  }

  private locate(segments: JsonPath, part: 'key' | 'value') {
    return { path: formatJsonPath(segments), segments, part };
  }
}

function spreadMessage(key: string, template: unknown, rendered: unknown): string {
  return (
    `Evaluated value should be an object if the key is ${key}. ` +
    `Original value: ${describe(template)}, evaluated to: ${String(JSON.stringify(rendered))}`
  );
}

/** How a JavaScript template literal prints a value, as in Port's message. */
function describe(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
