import { isRecord, read, visitStrings, type DefinitionRule } from '../rule-context.js';
import { formatJsonPath, type JsonPath } from '../json-path.js';
import { PAYLOAD_FIELDS } from './template-expressions.js';

const TOKEN_PREFIXES: [RegExp, string][] = [
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/, 'a GitHub token'],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/, 'a GitHub fine-grained token'],
  [/\bglpat-[A-Za-z0-9_-]{16,}/, 'a GitLab personal access token'],
  [/\bglptt-[A-Za-z0-9_-]{16,}/, 'a GitLab pipeline trigger token'],
  [/\bxox[abpre]-[A-Za-z0-9-]{8,}/, 'a Slack token'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\b(?:Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/i, 'a literal authorization credential'],
];
const SECRET_NAME =
  /(auth(?!or)|token|secret|passw|api[-_]?key|apikey|credential|signature|private[-_]?key|access[-_]?key|^key$|^sig$)/i;
const TOKEN_LIKE = /^[A-Za-z0-9._~+/=-]{16,}$/;

/**
 * Credentials written in clear in a definition end up in git history and in every
 * preview. They belong in `{{ .secrets.NAME }}`.
 */
export const literalCredential: DefinitionRule = ({ definition, report }) => {
  const method = read(definition, 'invocationMethod');
  if (!isRecord(method)) return;
  const flag = (path: JsonPath, what: string) =>
    report(
      'literal-credential',
      'error',
      path,
      `${formatJsonPath(path)} contains ${what} in clear text: store it as a secret and write {{ .secrets.NAME }} instead (the value is then never stored, logged or previewed)`,
    );

  for (const field of PAYLOAD_FIELDS) {
    visitStrings(method[field], ['invocationMethod', field], (text, path, part) => {
      if (part === 'key') return;
      const literal = literalText(text);
      const prefix = TOKEN_PREFIXES.find(([pattern]) => pattern.test(literal));
      if (prefix) return flag(path, prefix[1]);
      const name = path[path.length - 1];
      if (
        field !== 'url' &&
        typeof name === 'string' &&
        SECRET_NAME.test(name) &&
        looksLikeToken(text)
      ) {
        return flag(path, 'a token-like value under a credential name');
      }
      if (field === 'url') {
        const query = literal.split('?')[1];
        for (const pair of query?.split('&') ?? []) {
          const [key = '', value = ''] = pair.split('=');
          if (SECRET_NAME.test(key) && value.length >= 8 && !value.includes('\u0000')) {
            return flag(path, `a literal credential in the query parameter "${key}"`);
          }
        }
      }
    });
  }
};

/** The parts of a string outside `{{ … }}` blocks; each block becomes a NUL marker. */
function literalText(text: string): string {
  return text.replace(/\{\{[\s\S]*?\}\}/g, '\u0000');
}

function looksLikeToken(text: string): boolean {
  if (text.includes('{{')) return false;
  const value = text.trim();
  return TOKEN_LIKE.test(value) && /[0-9]/.test(value) && /[A-Za-z]/.test(value);
}
