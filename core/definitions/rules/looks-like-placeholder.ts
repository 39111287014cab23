/**
 * Whether a credential value is a stand-in to be replaced, as documentation writes them:
 * `<PIPELINE_TRIGGER_TOKEN>`, `<token>`, `YOUR_TOKEN`, `your-api-key`, `xxx`, `${TOKEN}`,
 * `$TOKEN`, `{TOKEN}`, `[TOKEN]`, `%TOKEN%`, `***`, `...`, `changeme`, `TOKEN_HERE`,
 * `REPLACE_ME`, `<YOUR_TOKEN>`.
 */
export function looksLikePlaceholder(value: string): boolean {
  const text = value.trim();
  if (text === '') return false;
  return PLACEHOLDERS.some((pattern) => pattern.test(text));
}

const PLACEHOLDERS: readonly RegExp[] = [
  /^<[^<>]+>$/,
  /^\$\{[^{}]+\}$/,
  /^\$[A-Za-z_][A-Za-z0-9_]*$/,
  /^\{[A-Za-z_][A-Za-z0-9_ -]*\}$/,
  /^\[[A-Za-z_][A-Za-z0-9_ -]*\]$/,
  /^%[A-Za-z_][A-Za-z0-9_]*%$/,
  /^(?:x{3,}|X{3,}|\*{3,}|\.{3,}|…)$/,
  /^(?:x+[-_])*x{3,}(?:[-_]x+)*$/i,
  /^your[-_ ]?[A-Za-z0-9_-]*$/i,
  /(?:^|[-_])(?:here|placeholder|changeme|change[-_]me|replace[-_]?me)$/i,
  /^(?:replace|insert|enter|put|add)[-_ ](?:your|the|with|a)\b/i,
  /^(?:changeme|change[-_]me|replaceme|replace[-_]me|placeholder|redacted|todo|tbd)$/i,
];
