import { isRecord, read, visitStrings, type DefinitionRule } from '../rule-context.js';
import { formatJsonPath, type JsonPath } from '../json-path.js';
import { looksLikePlaceholder } from './looks-like-placeholder.js';
import { PAYLOAD_FIELDS } from './template-expressions.js';

const TOKEN_PREFIXES: [RegExp, string][] = [
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/, 'a GitHub token'],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/, 'a GitHub fine-grained token'],
  [/\bglpat-[A-Za-z0-9_-]{16,}/, 'a GitLab personal access token'],
  [/\bglptt-[A-Za-z0-9_-]{16,}/, 'a GitLab pipeline trigger token'],
  [/\bxox[abpre]-[A-Za-z0-9-]{8,}/, 'a Slack token'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key id'],
];
/** `Bearer <credential>`; the credential is checked for a placeholder before it is reported. */
const AUTH_SCHEME = /\b(?:Bearer|Basic|Token)\s+(\S+)/i;
const SECRET_NAME =
  /(auth(?!or)|token|secret|passw|api[-_]?key|apikey|credential|signature|private[-_]?key|access[-_]?key|^key$|^sig$)/i;
const TOKEN_LIKE = /^[A-Za-z0-9._~+/=-]{16,}$/;

/**
 * Credentials written in clear in a definition end up in git history and in every
 * preview. They belong in `{{ .secrets.NAME }}`. A value that looks like a placeholder
 * (`<TOKEN>`, `YOUR_TOKEN`, `xxx`, `${TOKEN}`, as Port's documentation writes them) is no
 * leak but will not work either: it gets a warning saying so.
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
  const placeholder = (path: JsonPath, value: string, where: string) =>
    report(
      'literal-credential',
      'warning',
      path,
      `${formatJsonPath(path)} has ${JSON.stringify(value)} ${where}, which looks like a placeholder — store the token as a secret and write {{ .secrets.NAME }} in its place`,
    );

  for (const field of PAYLOAD_FIELDS) {
    visitStrings(method[field], ['invocationMethod', field], (text, path, part) => {
      if (part === 'key') return;
      const literal = literalText(text);
      const prefix = TOKEN_PREFIXES.find(([pattern]) => pattern.test(literal));
      if (prefix) return flag(path, prefix[1]);
      const scheme = AUTH_SCHEME.exec(literal);
      if (scheme && !scheme[1]!.includes('\u0000')) {
        const credential = scheme[1]!;
        if (looksLikePlaceholder(credential))
          return placeholder(path, credential, 'as the credential');
        if (/^[A-Za-z0-9._~+/=-]{8,}$/.test(credential))
          return flag(path, 'a literal authorization credential');
      }
      const name = path[path.length - 1];
      if (field !== 'url' && typeof name === 'string' && SECRET_NAME.test(name)) {
        // A bare `key` names many things (a Jira project key…): only a value is judged there.
        if (!/^(?:key|sig)$/i.test(name) && !text.includes('{{') && looksLikePlaceholder(text))
          return placeholder(path, text.trim(), `under the credential name "${name}"`);
        if (looksLikeToken(text)) return flag(path, 'a token-like value under a credential name');
      }
      if (field === 'url') {
        const query = literal.split('?')[1];
        for (const pair of query?.split('&') ?? []) {
          const [key = '', raw = ''] = pair.split('=');
          if (!SECRET_NAME.test(key) || raw.includes('\u0000')) continue;
          const value = decode(raw);
          if (looksLikePlaceholder(value))
            return placeholder(path, value, `in the query parameter "${key}"`);
          if (value.length >= 8) {
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

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
