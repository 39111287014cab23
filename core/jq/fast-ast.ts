export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=';

/** The fast path's syntax tree. */
export type FastNode =
  | { readonly k: 'identity' }
  | { readonly k: 'literal'; readonly value: unknown }
  | { readonly k: 'string'; readonly parts: readonly (string | FastNode)[] }
  | {
      readonly k: 'index';
      readonly target: FastNode;
      readonly key: FastNode;
      /** `.a?`, `.[k]?`: only this index's own error is suppressed, per combination. */
      readonly opt?: boolean;
    }
  | { readonly k: 'iterate'; readonly target: FastNode; readonly opt?: boolean }
  | { readonly k: 'try'; readonly body: FastNode }
  | { readonly k: 'neg'; readonly body: FastNode }
  | {
      readonly k: 'pipe' | 'comma' | 'alt' | 'and' | 'or';
      readonly left: FastNode;
      readonly right: FastNode;
    }
  | {
      readonly k: 'binop';
      readonly op: BinaryOp;
      readonly left: FastNode;
      readonly right: FastNode;
    }
  | { readonly k: 'if'; readonly cond: FastNode; readonly then: FastNode; readonly else: FastNode }
  | { readonly k: 'array'; readonly body: FastNode | null }
  | { readonly k: 'object'; readonly entries: readonly { key: FastNode; value: FastNode }[] }
  | { readonly k: 'call'; readonly name: string; readonly args: readonly FastNode[] }
  /** A call of a `def`ined function or of a filter parameter, resolved by name/arity at run time. */
  | { readonly k: 'callUser'; readonly key: string; readonly args: readonly FastNode[] }
  | { readonly k: 'var'; readonly name: string }
  | { readonly k: 'as'; readonly source: FastNode; readonly name: string; readonly body: FastNode }
  | {
      readonly k: 'reduce';
      readonly source: FastNode;
      readonly name: string;
      readonly init: FastNode;
      readonly update: FastNode;
    }
  | {
      readonly k: 'foreach';
      readonly source: FastNode;
      readonly name: string;
      readonly init: FastNode;
      readonly update: FastNode;
      readonly extract: FastNode | null;
    }
  | {
      readonly k: 'def';
      /** `name/arity`. */
      readonly key: string;
      /** Parameter names; `$a` for value parameters. */
      readonly params: readonly string[];
      readonly body: FastNode;
      readonly rest: FastNode;
    }
  | {
      readonly k: 'slice';
      readonly target: FastNode;
      readonly from: FastNode | null;
      readonly to: FastNode | null;
    }
  | { readonly k: 'tryCatch'; readonly body: FastNode; readonly handler: FastNode }
  | { readonly k: 'format'; readonly name: string };

/** Whether a node reads its input (jq constant-folds some of those that do not). */
export function dependsOnInput(node: FastNode): boolean {
  switch (node.k) {
    case 'identity':
    case 'index':
    case 'iterate':
    case 'call':
      return true;
    case 'literal':
      return false;
    case 'callUser':
    case 'var':
    case 'as':
    case 'reduce':
    case 'foreach':
    case 'def':
    case 'slice':
    case 'tryCatch':
    case 'format':
      return true;
    case 'string':
      return node.parts.some((p) => typeof p !== 'string' && dependsOnInput(p));
    case 'try':
    case 'neg':
      return dependsOnInput(node.body);
    case 'if':
      return dependsOnInput(node.cond) || dependsOnInput(node.then) || dependsOnInput(node.else);
    case 'array':
      return node.body !== null && dependsOnInput(node.body);
    case 'object':
      return node.entries.some((e) => dependsOnInput(e.key) || dependsOnInput(e.value));
    default:
      return dependsOnInput(node.left) || dependsOnInput(node.right);
  }
}
