/**
 * Whether an expression may share one jq program with expressions from other
 * definitions (possibly other tenants).
 *
 * The defence against a crafted expression forging a neighbour's result: an expression
 * is combined only when this scan proves that, to jq's lexer, it has no comment, every
 * string (and every `\(…)` interpolation inside it) is closed, and its brackets are
 * balanced. Then the `)` the wrapper puts after it necessarily closes the wrapper's own
 * `limit(1; …` call, so the expression is confined to its own slot: it cannot close the
 * wrapper early, open a construct that swallows the next slot, or comment it out (jq
 * 1.8 comments ending in `\` continue onto the next line). The scan follows jq 1.8's
 * lexer: inside a string `\` escapes any next character and `\(` opens an
 * interpolation; outside strings `#` starts a comment. On top of that the caller tags
 * every slot's output with a per-batch random nonce and its index and rejects the
 * whole result unless every slot answered exactly once, in order (see
 * `combined-program.ts`), which also catches `halt` and `halt_error`.
 */
export function isCombinable(text: string): boolean {
  // Each entry: the closer expected; '"' marks "inside a string".
  const stack: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (top === '"') {
      if (c === '"') stack.pop();
      else if (c === '\\') {
        if (text[i + 1] === '(') stack.push(')');
        i++;
      }
      continue;
    }
    switch (c) {
      case '#':
        return false;
      case '"':
        stack.push('"');
        break;
      case '(':
        stack.push(')');
        break;
      case '[':
        stack.push(']');
        break;
      case '{':
        stack.push('}');
        break;
      case ')':
      case ']':
      case '}':
        if (stack.pop() !== c) return false;
        break;
    }
  }
  return stack.length === 0;
}
