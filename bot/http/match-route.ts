/**
 * A route's address: `pattern` segments starting with `:` capture one (decoded) path segment;
 * a last segment `*name` captures the rest of the path (zero or more segments, `/`-joined).
 * `method` `*` accepts any method.
 */
export interface RoutePattern {
  readonly method: string;
  readonly pattern: string;
}

export type RouteMatch<R> =
  | { readonly kind: 'found'; readonly route: R; readonly params: Record<string, string> }
  | { readonly kind: 'wrong-method'; readonly allow: readonly string[] }
  | { readonly kind: 'none' };

/**
 * Finds the first route whose pattern and method fit. A route naming the method wins over
 * `*` routes; when only patterns fit, says which methods would (405) before trying `*`
 * routes. `segments` are the request path's decoded segments.
 */
export function matchRoute<R extends RoutePattern>(
  routes: readonly R[],
  method: string,
  segments: readonly string[],
): RouteMatch<R> {
  const allow = new Set<string>();
  let anyMethod: { route: R; params: Record<string, string> } | undefined;
  for (const route of routes) {
    const params = matchPattern(route.pattern, segments);
    if (params === null) continue;
    if (route.method === method) return { kind: 'found', route, params };
    if (route.method === '*') anyMethod ??= { route, params };
    else allow.add(route.method);
  }
  if (allow.size > 0) return { kind: 'wrong-method', allow: [...allow] };
  return anyMethod ? { kind: 'found', ...anyMethod } : { kind: 'none' };
}

function matchPattern(pattern: string, segments: readonly string[]): Record<string, string> | null {
  const parts = pattern.split('/').slice(1);
  const rest = parts.at(-1)?.startsWith('*') ? parts.pop()!.slice(1) : undefined;
  if (rest === undefined ? parts.length !== segments.length : segments.length < parts.length)
    return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const segment = segments[i]!;
    if (part.startsWith(':')) {
      if (segment === '') return null;
      params[part.slice(1)] = segment;
    } else if (part !== segment) return null;
  }
  if (rest !== undefined) params[rest] = segments.slice(parts.length).join('/');
  return params;
}
