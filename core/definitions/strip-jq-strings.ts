/**
 * Blanks out the contents of jq string literals and comments so pattern rules
 * only see code. Interpolations inside strings are blanked too, which can only
 * hide a match, never invent one.
 */
export function stripJqStrings(expression: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]!;
    if (inString) {
      if (c === '\\') {
        i++;
        out += '  ';
      } else if (c === '"') {
        inString = false;
        out += c;
      } else out += ' ';
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '#') {
      while (i < expression.length && expression[i] !== '\n') {
        out += ' ';
        i++;
      }
      if (i < expression.length) out += '\n';
    } else out += c;
  }
  return out;
}
