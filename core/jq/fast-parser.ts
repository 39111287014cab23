import type { BinaryOp, FastNode } from './fast-ast.js';
import type { FastToken } from './fast-lexer.js';

/** Builtins of the subset, by name/arity. */
const BUILTINS = new Set(
  'length/0 not/0 tostring/0 tojson/0 ascii_downcase/0 ascii_upcase/0 type/0 keys/0 add/0 empty/0 error/0 error/1 has/1 startswith/1 endswith/1 select/1 map/1'.split(
    ' ',
  ),
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

class Parser {
  private pos = 0;
  constructor(private readonly tokens: readonly FastToken[]) {}

  atEnd(): boolean {
    return this.pos === this.tokens.length;
  }

  pipe(noComma: boolean): FastNode {
    const left = noComma ? this.alt() : this.comma();
    if (this.eat('|')) return { k: 'pipe', left, right: this.pipe(noComma) };
    return left;
  }

  private comma(): FastNode {
    let left = this.alt();
    while (this.eat(',')) left = { k: 'comma', left, right: this.alt() };
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
    const key = this.pipe(false);
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
    const args: FastNode[] = [];
    if (this.eat('(')) {
      do args.push(this.pipe(false));
      while (this.eat(';'));
      this.expect(')');
    }
    if (!BUILTINS.has(`${name}/${args.length}`)) throw new Decline();
    return { k: 'call', name, args };
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
