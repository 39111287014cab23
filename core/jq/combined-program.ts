import { randomBytes } from 'node:crypto';

/**
 * Prepended to every program so a definition sees `$ENV` and `env` as `{}`, never the
 * process environment nor Emscripten's stand-in (`HOME=/home/web_user`, …). It stays on
 * line 1 so jq's line numbers are the expression's own.
 */
export const JQ_PRELUDE = '{} as $ENV | def env: $ENV; ';

/** One slot's decoded answer from a wrapped run. */
export type SlotAnswer =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

export interface WrappedProgram {
  readonly text: string;
  readonly nonce: string;
  readonly count: number;
}

/**
 * One jq program evaluating every expression against the same input: each slot prints one
 * line `{"n":nonce,"i":index,"ok":[first output]}` or `{"n":nonce,"i":index,"err":error}`.
 * The blank line before `)` ends a trailing comment of a lone expression even when it ends
 * in `\` (jq 1.8 continues such a comment onto the next line); combined expressions have
 * no comments at all (see `is-combinable.ts`). `limit(1; …)` gives Port's first-output
 * semantics and stops a generator early, so `repeat(.)` yields its first output.
 */
export function buildWrappedProgram(expressions: readonly string[]): WrappedProgram {
  const nonce = randomBytes(12).toString('hex');
  const slots = expressions.map(
    (e, i) =>
      `(try {n:"${nonce}",i:${i},ok:[limit(1; ${e}\n\n)]} catch {n:"${nonce}",i:${i},err:.})`,
  );
  return { text: JQ_PRELUDE + slots.join(', '), nonce, count: expressions.length };
}

/**
 * Decodes a wrapped run's stdout; `undefined` unless every slot answered exactly once, in
 * order, with this batch's nonce and nothing else was printed.
 */
export function parseWrappedOutput(
  program: WrappedProgram,
  stdout: string,
  maxOutputBytes: number,
): (SlotAnswer | 'too-large')[] | undefined {
  const lines = stdout === '' ? [] : stdout.split('\n');
  if (lines.length !== program.count) return undefined;
  const answers: (SlotAnswer | 'too-large')[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return undefined;
    }
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const slot = parsed as { n?: unknown; i?: unknown; ok?: unknown; err?: unknown };
    if (slot.n !== program.nonce || slot.i !== i) return undefined;
    const keys = Object.keys(slot).length;
    if (keys !== 3) return undefined;
    if (Array.isArray(slot.ok) && slot.ok.length <= 1) {
      const envelope = JSON.stringify({ n: program.nonce, i, ok: [] }).length;
      const tooLarge =
        line.length - envelope > maxOutputBytes / 3 &&
        Buffer.byteLength(line) - envelope > maxOutputBytes;
      answers.push(tooLarge ? 'too-large' : { ok: true, value: slot.ok[0] });
    } else if ('err' in slot) answers.push({ ok: false, error: slot.err });
    else return undefined;
  }
  return answers;
}

/** jq's own message for an error value, as its CLI prints it. */
export function errorValueMessage(error: unknown): string {
  return typeof error === 'string' ? error : `${JSON.stringify(error)} (not a string)`;
}

/**
 * A compile-only program for a list of expressions. `empty | …` never runs them, and
 * parentheses keep each one's definitions to itself.
 */
export function buildCheckProgram(expressions: readonly string[]): string {
  if (expressions.length === 1) return CHECK_PREFIX + expressions[0];
  return CHECK_PREFIX + expressions.map((e) => `(${e}\n)`).join(', ');
}

const CHECK_PREFIX = `${JQ_PRELUDE}empty | `;

/**
 * jq's compile diagnostics without the CLI noise: `jq: error: ` prefixes, the quoted
 * source line with its caret, and the `jq: N compile error(s)` trailer. Columns on line 1
 * are shifted back so they count from the start of the expression, not of the prelude.
 */
export function cleanCompileMessage(stderr: string): string {
  const messages = stderr
    .split('\n')
    .filter((line) => line.startsWith('jq: error: '))
    .map((line) =>
      line
        .slice('jq: error: '.length)
        .replace(/:$/, '')
        .replace(
          /(at <top-level>, line 1, column )(\d+)/,
          (_, head: string, column: string) =>
            `${head}${Math.max(1, Number(column) - CHECK_PREFIX.length)}`,
        ),
    );
  return messages.length > 0 ? messages.join('; ') : stderr.trim() || 'jq compile error';
}

/** A runtime failure reported on stderr (halt_error, input parse error…). */
export function cleanRuntimeMessage(stderr: string): string {
  const text = stderr.trim();
  const match = /^jq: error \(at [^)]*\): ([\s\S]*)$/.exec(text);
  if (match) return match[1] as string;
  const notString = /^jq: error \(at [^)]*\) \(not a string\): ([\s\S]*)$/.exec(text);
  if (notString) return `${notString[1]} (not a string)`;
  return text.replace(/^jq: /, '');
}
