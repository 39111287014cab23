import { isSpreadKey } from '../../template/is-spread-key.js';
import { rewriteSingleQuotes } from '../../template/rewrite-single-quotes.js';
import { scanTemplate } from '../../template/scan-template.js';
import type { JsonPath } from '../json-path.js';
import { isRecord, read, visitStrings, type RuleContext } from '../rule-context.js';

/** Fields of `invocationMethod` that carry the request a backend receives. */
export const PAYLOAD_FIELDS = [
  'url',
  'headers',
  'body',
  'workflowInputs',
  'pipelineVariables',
  'payload',
] as const;

/** Fields of `invocationMethod` that Port renders as `{{ }}` templates. */
export const TEMPLATED_FIELDS = [
  ...PAYLOAD_FIELDS,
  'synchronized',
  'agent',
  'reportWorkflowStatus',
] as const;

/** A jq program found in a definition, to compile-check. */
export interface JqSite {
  /** The jq text exactly as it will be evaluated. */
  readonly expression: string;
  readonly path: JsonPath;
  readonly part: 'key' | 'value';
  readonly origin: 'condition' | 'template';
}

/**
 * Scans every template string of the backend with Port's brace rules (reporting
 * brace errors) and returns every jq program in the definition: condition
 * expressions and template blocks.
 */
export function collectJqSites(context: RuleContext): JqSite[] {
  const { definition, report } = context;
  const sites: JqSite[] = [];
  if (read(definition, 'trigger', 'type') === 'automation') {
    const expressions = read(definition, 'trigger', 'condition', 'expressions');
    if (Array.isArray(expressions)) {
      expressions.forEach((expression, i) => {
        if (typeof expression !== 'string') return;
        const path = ['trigger', 'condition', 'expressions', i];
        if (expression.trim() === '') {
          report(
            'jq-compile',
            'error',
            path,
            'condition expression is empty: write a jq expression or remove the entry',
          );
        } else sites.push({ expression, path, part: 'value', origin: 'condition' });
      });
    }
  }
  const method = read(definition, 'invocationMethod');
  if (!isRecord(method)) return sites;
  for (const field of TEMPLATED_FIELDS) {
    visitStrings(method[field], ['invocationMethod', field], (text, path, part) => {
      if (!text.includes('{{') && !text.includes('}}')) return;
      if (part === 'key' && isSpreadKey(text)) return;
      const scan = scanTemplate(text);
      if (!scan.ok) {
        report(
          'template-braces',
          'error',
          path,
          `template ${JSON.stringify(text)}: ${scan.error.message}; every "{{" needs one matching "}}" (literal braces go inside a quoted jq string)`,
          part,
        );
        return;
      }
      for (const block of scan.blocks) {
        const expression = rewriteSingleQuotes(block.jq);
        if (expression.trim() === '') {
          report(
            'jq-compile',
            'error',
            path,
            `template "{{}}" is empty: put a jq expression between the braces`,
            part,
          );
        } else sites.push({ expression, path, part, origin: 'template' });
      }
    });
  }
  return sites;
}
