import type { JqEngine } from '../jq/jq-engine.js';
import { definitionKind, type DefinitionKind } from './definition-kind.js';
import { formatJsonPath } from './json-path.js';
import { parseDefinitionSource } from './parse-definition-source.js';
import type { ParsedSource } from './parsed-source.js';
import { compareProblems, type Problem } from './problem.js';
import { isRecord, type RuleContext } from './rule-context.js';
import { FILE_RULES } from './rules/file-rules.js';
import { checkDefinitionSet } from './rules/set-rules.js';
import { collectJqSites, type JqSite } from './rules/template-expressions.js';
import { validateSchema } from './validate-schema.js';

/** Files parsed between two batches of jq compile checks. */
const CHUNK = 100;

export interface DefinitionFile {
  /** Path as it should appear in reports (relative to where the user ran the command). */
  readonly file: string;
  readonly text: string;
}

export interface ValidatedDefinition {
  readonly file: string;
  readonly identifier?: string;
  readonly kind?: DefinitionKind;
  /** The parsed definition, when the file parsed. */
  readonly value?: unknown;
  readonly source: ParsedSource;
  /** No error-level problem in this file. */
  readonly valid: boolean;
}

export interface ValidationReport {
  readonly definitions: ValidatedDefinition[];
  /** Every problem, sorted by file, line and column. */
  readonly problems: Problem[];
  readonly errorCount: number;
  readonly warningCount: number;
}

/**
 * Validates a set of definition files: syntax, the definition schema, the
 * semantic rules, template braces, and that every jq program compiles.
 */
export async function validateDefinitions(
  files: readonly DefinitionFile[],
  jq: Pick<JqEngine, 'check'>,
): Promise<ValidationReport> {
  const problems: Problem[] = [];
  const sources: ParsedSource[] = [];
  const sites: { source: ParsedSource; site: JqSite }[] = [];
  // jq compile checks run in a worker thread: send each chunk's new expressions as soon as
  // its files are parsed, so jq compiles while this thread parses the next chunk.
  const verdicts = new Map<string, Promise<string | null>>();
  const checks: Promise<unknown>[] = [];
  // Sites before this index were already looked at (so each flush costs only its chunk).
  let flushed = 0;
  const flush = () => {
    const fresh = [...new Set(sites.slice(flushed).map(({ site }) => site.expression))].filter(
      (e) => !verdicts.has(e),
    );
    flushed = sites.length;
    if (fresh.length === 0) return;
    const results = jq.check(fresh);
    checks.push(results);
    fresh.forEach((expression, i) =>
      verdicts.set(
        expression,
        results.then((r) => r[i] ?? null),
      ),
    );
  };

  for (const [index, { file, text }] of files.entries()) {
    const source = parseDefinitionSource(file, text);
    sources.push(source);
    problems.push(...source.problems);
    if (source.value !== undefined) {
      problems.push(...validateSchema(source));
      if (isRecord(source.value)) {
        const context: RuleContext = {
          source,
          definition: source.value,
          report(rule, severity, path, message, part) {
            problems.push({
              file,
              ...source.locator.locate(path, part),
              severity,
              rule,
              message,
              path: formatJsonPath(path),
            });
          },
        };
        for (const rule of FILE_RULES) rule(context);
        for (const site of collectJqSites(context)) sites.push({ source, site });
      }
    }
    // The file's own checks are done; what is left (set rules, jq verdicts) rarely reports.
    source.locator.release?.();
    // The first file's check also starts the jq worker while the rest are parsed.
    if (index === 0 || index % CHUNK === CHUNK - 1) {
      flush();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  flush();
  problems.push(...checkDefinitionSet(sources));
  await Promise.all(checks);

  for (const { source, site } of sites) {
    const error = await verdicts.get(site.expression);
    if (!error) continue;
    const what =
      site.origin === 'condition' ? 'condition expression' : `template {{${site.expression}}}`;
    problems.push({
      file: source.file,
      ...source.locator.locate(site.path, site.part),
      severity: 'error',
      rule: 'jq-compile',
      message: `${what} is not valid jq: ${error}`,
      path: formatJsonPath(site.path),
    });
  }

  problems.sort(compareProblems);
  const errorFiles = new Set(problems.filter((p) => p.severity === 'error').map((p) => p.file));
  const definitions = sources.map((source): ValidatedDefinition => {
    const identifier = (source.value as { identifier?: unknown } | undefined)?.identifier;
    return {
      file: source.file,
      ...(typeof identifier === 'string' ? { identifier } : {}),
      ...(definitionKind(source.value) ? { kind: definitionKind(source.value)! } : {}),
      value: source.value,
      source,
      valid: !errorFiles.has(source.file),
    };
  });
  return {
    definitions,
    problems,
    errorCount: problems.filter((p) => p.severity === 'error').length,
    warningCount: problems.filter((p) => p.severity === 'warning').length,
  };
}
