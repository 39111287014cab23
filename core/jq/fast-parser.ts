import type { BinaryOp, FastNode } from './fast-ast.js';
import type { FastToken } from './fast-lexer.js';

/** Builtins of the subset, by name/arity. */
const BUILTINS = new Set(
  [
    'length/0 not/0 tostring/0 tojson/0 ascii_downcase/0 ascii_upcase/0 type/0 keys/0 add/0',
    'empty/0 error/0 error/1 has/1 startswith/1 endswith/1 select/1 map/1',
    'keys_unsorted/0 to_entries/0 from_entries/0 with_entries/1 map_values/1 join/1 split/1',
    'ltrimstr/1 rtrimstr/1 trim/0 ltrim/0 rtrim/0 tonumber/0 abs/0 reverse/0 sort/0 sort_by/1',
    'group_by/1 unique/0 unique_by/1 min/0 max/0 min_by/1 max_by/1 first/0 last/0 first/1',
    'last/1 limit/2 any/0 all/0 any/1 all/1 any/2 all/2 isempty/1 range/1 range/2 flatten/0',
    'values/0 nulls/0 booleans/0 numbers/0 strings/0 arrays/0 objects/0 iterables/0 scalars/0',
    'env/0 test/1 test/2 match/1 match/2 capture/1 capture/2 sub/2 sub/3 gsub/2 gsub/3',
    'fromdateiso8601/0 todateiso8601/0 fromdate/0 todate/0 strftime/1 now/0',
  ]
    .join(' ')
    .split(' '),
);
const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

class Decline extends Error {}

/**
 * Parses tokens with jq's precedence (`|` < `,` < `//` < `or` < `and` < comparisons
 * (non-associative) < `+ -` < `* / %`; unary minus takes a multiplicative operand), or
 * returns null for anything outside the subset or not valid jq.
 */
export function parseFast(tokens: readonly FastToken[]): FastNode | null {
  try {
    const parser = new Parser(tokens);
    const node = parser.pipe(false);
    return parser.atEnd() ? node : null;
  } catch (error) {
    if (error instanceof Decline) return null;
    throw error;
  }
}

/** Names in scope while parsing: `$x` variables and `name/arity` functions, innermost first. */
interface Scope {
  readonly name: string;
  readonly next: Scope | null;
}

/** Variables every program sees: the prelude binds `$ENV` to `{}` (see `combined-program.ts`). */
const ROOT_SCOPE: Scope = { name: '$ENV', next: null };

function inScope(scope: Scope | null, name: string): boolean {
  for (let s = scope; s; s = s.next) if (s.name === name) return true;
  return false;
}

class Parser {
  private pos = 0;
  private scope: Scope | null = ROOT_SCOPE;
  constructor(private readonly tokens: readonly FastToken[]) {}

  /** Parses `parse()` with extra names in scope. */
  private within<T>(names: readonly string[], parse: () => T): T {
    const saved = this.scope;
    for (const name of names) this.scope = { name, next: this.scope };
    try {
      return parse();
    } finally {
      this.scope = saved;
    }
  }

  atEnd(): boolean {
    return this.pos === this.tokens.length;
  }

  pipe(noComma: boolean): FastNode {
    const saved = this.noComma;
    this.noComma = noComma;
    try {
      if (this.tokens[this.pos]?.t === 'ident' && this.peekIdent() === 'def') return this.def();
      const left = noComma ? this.binding(this.alt()) : this.comma();
      if (this.bindings.has(left) || (left.k === 'comma' && this.bindings.has(left.right)))
        return left;
      if (this.eat('|')) return { k: 'pipe', left, right: this.pipe(noComma) };
      return left;
    } finally {
      this.noComma = saved;
    }
  }

  private peekIdent(): string | undefined {
    const token = this.tokens[this.pos];
    return token?.t === 'ident' ? token.name : undefined;
  }

  /** `def name(params): body; rest`, with `rest` reaching as far as a pipe does. */
  private def(): FastNode {
    this.pos++;
    const token = this.tokens[this.pos++];
    if (token?.t !== 'ident' || KEYWORDS.has(token.name)) throw new Decline();
    const params: string[] = [];
    if (this.eat('(')) {
      do {
        const p = this.tokens[this.pos++];
        if (p?.t === 'var') params.push(`$${p.name}`);
        else if (p?.t === 'ident' && !KEYWORDS.has(p.name)) params.push(p.name);
        else throw new Decline();
      } while (this.eat(';'));
      this.expect(')');
    }
    this.expect(':');
    const key = `${token.name}/${params.length}`;
    // A `$a` parameter is also callable as the filter `a`.
    const names = [
      key,
      ...params.flatMap((p) => (p.startsWith('$') ? [p, `${p.slice(1)}/0`] : [`${p}/0`])),
    ];
    const body = this.within(names, () => this.pipe(false));
    this.expect(';');
    const rest = this.within([key], () => this.pipe(this.noComma));
    return { k: 'def', key, params, body, rest };
  }

  private comma(): FastNode {
    let left = this.binding(this.alt());
    while (!this.bindings.has(left) && this.eat(',')) {
      left = { k: 'comma', left, right: this.binding(this.alt()) };
      if (this.bindings.has(left.right)) break;
    }
    return left;
  }

  private alt(): FastNode {
    const left = this.or();
    if (this.eat('//')) return { k: 'alt', left, right: this.alt() };
    return left;
  }

  private or(): FastNode {
    let left = this.and();
    while (this.eatIdent('or')) left = { k: 'or', left, right: this.and() };
    return left;
  }

  private and(): FastNode {
    let left = this.comparison();
    while (this.eatIdent('and')) left = { k: 'and', left, right: this.comparison() };
    return left;
  }

  private comparison(): FastNode {
    const left = this.additive();
    const op = this.peekOp();
    if (!op || !COMPARISONS.has(op)) return left;
    this.pos++;
    const right = this.additive();
    const next = this.peekOp();
    if (next && COMPARISONS.has(next)) throw new Decline();
    return { k: 'binop', op: op as BinaryOp, left, right };
  }

  private additive(): FastNode {
    let left = this.multiplicative();
    for (let op = this.peekOp(); op === '+' || op === '-'; op = this.peekOp()) {
      this.pos++;
      left = { k: 'binop', op, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): FastNode {
    let left = this.unary();
    for (let op = this.peekOp(); op === '*' || op === '/' || op === '%'; op = this.peekOp()) {
      this.pos++;
      left = { k: 'binop', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): FastNode {
    // jq 1.8.2 negates the operand term before any '*': -"a" * 2 fails on the negation.
    if (this.eat('-')) return { k: 'neg', body: this.unary() };
    const start = this.pos;
    const term = this.term();
    const isPath = this.tokens[start]?.t === 'field' || this.peekOpAt(start) === '.';
    return this.postfix(term, isPath && (term.k === 'index' || term.k === 'iterate'));
  }

  /**
   * `E as $x | Pipe` after an alternative-level E (jq 1.8: `1 + 2 as $x` binds 3, `1, 2 as
   * $x` binds 2). The body reaches as far as a pipe does; object values cannot hold one;
   * destructuring patterns are left to jq.
   */
  private binding(source: FastNode): FastNode {
    if (this.peekIdent() !== 'as') return source;
    if (this.noComma) throw new Decline();
    this.pos++;
    const name = this.variableName();
    this.expect('|');
    const body = this.within([name], () => this.pipe(false));
    const node: FastNode = { k: 'as', source, name, body };
    this.bindings.add(node);
    return node;
  }

  /** `as` nodes whose body already took the rest of the pipe. */
  private readonly bindings = new WeakSet<FastNode>();

  private noComma = false;

  private variableName(): string {
    const token = this.tokens[this.pos++];
    if (token?.t !== 'var') throw new Decline();
    return `$${token.name}`;
  }

  /**
   * Suffixes of a term. A `?` right after an index or iteration suffix makes only that
   * step optional (jq's INDEX_OPT/EACH_OPT); after anything else it is `try` of the term.
   */
  private postfix(start: FastNode, startIsPath: boolean): FastNode {
    let node = start;
    let lastIsPath = startIsPath;
    for (;;) {
      const token = this.tokens[this.pos];
      if (token?.t === 'field') {
        this.pos++;
        node = { k: 'index', target: node, key: { k: 'literal', value: token.name } };
        lastIsPath = true;
      } else if (this.eat('?')) {
        if (lastIsPath && (node.k === 'index' || node.k === 'iterate'))
          node = { ...node, opt: true };
        else node = { k: 'try', body: node };
        lastIsPath = false;
      } else if (this.peekOp() === '[') {
        node = this.bracketSuffix(node);
        lastIsPath = true;
      } else if (this.peekOp() === '.' && this.tokens[this.pos + 1]?.t === 'str') {
        this.pos++;
        node = { k: 'index', target: node, key: this.term() };
        lastIsPath = true;
      } else if (this.peekOp() === '.' && this.peekOp(1) === '[') {
        this.pos++;
        node = this.bracketSuffix(node);
        lastIsPath = true;
      } else return node;
    }
  }

  private peekOpAt(index: number): string | undefined {
    const token = this.tokens[index];
    return token?.t === 'op' ? token.op : undefined;
  }

  private bracketSuffix(target: FastNode): FastNode {
    this.expect('[');
    if (this.eat(']')) return { k: 'iterate', target };
    if (this.eat(':')) {
      const to = this.pipe(false);
      this.expect(']');
      return { k: 'slice', target, from: null, to };
    }
    const key = this.pipe(false);
    if (this.eat(':')) {
      const to = this.peekOp() === ']' ? null : this.pipe(false);
      this.expect(']');
      return { k: 'slice', target, from: key, to };
    }
    this.expect(']');
    return { k: 'index', target, key };
  }

  private term(): FastNode {
    const token = this.tokens[this.pos++];
    if (!token) throw new Decline();
    switch (token.t) {
      case 'num':
        return { k: 'literal', value: token.value };
      case 'str':
        return this.stringNode(token.parts);
      case 'field':
        return { k: 'index', target: { k: 'identity' }, key: { k: 'literal', value: token.name } };
      case 'ident':
        return this.identTerm(token.name);
      case 'var': {
        const name = `$${token.name}`;
        if (!inScope(this.scope, name)) throw new Decline();
        return { k: 'var', name };
      }
      case 'format':
        // `@base64 "…\(x)"` applies the format to every interpolation: left to jq.
        if (this.tokens[this.pos]?.t === 'str') throw new Decline();
        return { k: 'format', name: token.name };
      case 'op':
        break;
    }
    switch (token.op) {
      case '.':
        if (this.tokens[this.pos]?.t === 'str') {
          return { k: 'index', target: { k: 'identity' }, key: this.term() };
        }
        if (this.peekOp() === '[') return this.bracketSuffix({ k: 'identity' });
        return { k: 'identity' };
      case '(': {
        const body = this.pipe(false);
        this.expect(')');
        return body;
      }
      case '[': {
        if (this.eat(']')) return { k: 'array', body: null };
        const body = this.pipe(false);
        this.expect(']');
        return { k: 'array', body };
      }
      case '{':
        return this.object();
    }
    throw new Decline();
  }

  private stringNode(parts: readonly (string | readonly FastToken[])[]): FastNode {
    if (parts.length === 1) return { k: 'literal', value: parts[0] };
    return {
      k: 'string',
      parts: parts.map((part) => {
        if (typeof part === 'string') return part;
        const node = parseFast(part);
        if (!node) throw new Decline();
        return node;
      }),
    };
  }

  private identTerm(name: string): FastNode {
    if (name === 'true' || name === 'false') return { k: 'literal', value: name === 'true' };
    if (name === 'null') return { k: 'literal', value: null };
    if (name === 'if') return this.ifRest();
    if (name === 'reduce' || name === 'foreach') return this.fold(name);
    if (name === 'def') {
      this.pos--;
      return this.def();
    }
    if (name === 'try') {
      // jq 1.8 gives `try` a precedence above the binary operators: `try -.a catch .` is
      // fine, `try error("x") + 1 catch .` is a syntax error.
      const body = this.unary();
      if (!this.eatIdent('catch')) return { k: 'try', body };
      return { k: 'tryCatch', body, handler: this.unary() };
    }
    if (KEYWORDS.has(name)) throw new Decline();
    const args: FastNode[] = [];
    if (this.eat('(')) {
      do args.push(this.pipe(false));
      while (this.eat(';'));
      this.expect(')');
    }
    const key = `${name}/${args.length}`;
    if (inScope(this.scope, key)) return { k: 'callUser', key, args };
    if (!BUILTINS.has(key)) throw new Decline();
    return { k: 'call', name, args };
  }

  /** `reduce SOURCE as $x (INIT; UPDATE)`, `foreach SOURCE as $x (INIT; UPDATE; EXTRACT)`. */
  private fold(kind: 'reduce' | 'foreach'): FastNode {
    // Like `as`, the source is an alternative-level expression (`reduce 3 * .a as $x …`).
    const source = this.alt();
    this.expectIdent('as');
    const name = this.variableName();
    this.expect('(');
    const init = this.pipe(false);
    this.expect(';');
    const update = this.within([name], () => this.pipe(false));
    let extract: FastNode | null = null;
    if (kind === 'foreach' && this.eat(';')) extract = this.within([name], () => this.pipe(false));
    this.expect(')');
    if (kind === 'reduce') return { k: 'reduce', source, name, init, update };
    return { k: 'foreach', source, name, init, update, extract };
  }

  private ifRest(): FastNode {
    const cond = this.pipe(false);
    this.expectIdent('then');
    const then = this.pipe(false);
    if (this.eatIdent('elif')) return { k: 'if', cond, then, else: this.ifRest() };
    const otherwise: FastNode = this.eatIdent('else') ? this.pipe(false) : { k: 'identity' };
    this.expectIdent('end');
    return { k: 'if', cond, then, else: otherwise };
  }

  private object(): FastNode {
    const entries: { key: FastNode; value: FastNode }[] = [];
    if (this.eat('}')) return { k: 'object', entries };
    do {
      const token = this.tokens[this.pos++];
      let key: FastNode;
      if (token?.t === 'ident' && !KEYWORDS.has(token.name)) {
        key = { k: 'literal', value: token.name };
      } else if (token?.t === 'str' && token.parts.length === 1) {
        key = { k: 'literal', value: token.parts[0] };
      } else if (token?.t === 'var') {
        const name = `$${token.name}`;
        if (!inScope(this.scope, name) || this.peekOp() === ':') throw new Decline();
        entries.push({ key: { k: 'literal', value: token.name }, value: { k: 'var', name } });
        continue;
      } else if (token?.t === 'op' && token.op === '(') {
        key = this.pipe(false);
        this.expect(')');
      } else throw new Decline();
      if (this.eat(':')) entries.push({ key, value: this.pipe(true) });
      else if (key.k === 'literal' && (token.t === 'ident' || token.t === 'str')) {
        entries.push({ key, value: { k: 'index', target: { k: 'identity' }, key } });
      } else throw new Decline();
    } while (this.eat(','));
    this.expect('}');
    return { k: 'object', entries };
  }

  private peekOp(offset = 0): string | undefined {
    const token = this.tokens[this.pos + offset];
    return token?.t === 'op' ? token.op : undefined;
  }

  private eat(op: string): boolean {
    if (this.peekOp() !== op) return false;
    this.pos++;
    return true;
  }

  private expect(op: string): void {
    if (!this.eat(op)) throw new Decline();
  }

  private eatIdent(name: string): boolean {
    const token = this.tokens[this.pos];
    if (token?.t !== 'ident' || token.name !== name) return false;
    this.pos++;
    return true;
  }

  private expectIdent(name: string): void {
    if (!this.eatIdent(name)) throw new Decline();
  }
}

const KEYWORDS = new Set(
  'if then elif else end as def reduce foreach try catch label import include and or __loc__'.split(
    ' ',
  ),
);
