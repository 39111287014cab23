/** A route: `pattern` segments starting with `:` capture one (decoded) path segment. */
export interface RoutePattern {
  readonly method: string;
  readonly pattern: string;
}

export type RouteMatch<R> =
  | { readonly kind: 'found'; readonly route: R; readonly params: Record<string, string> }
  | { readonly kind: 'wrong-method'; readonly allow: readonly string[] }
  | { readonly kind: 'none' };

/**
 * Finds the first route whose pattern and method fit; when only the pattern fits, says which
 * methods would. `segments` are the request path's decoded segments.
 */
export function matchRoute<R extends RoutePattern>(
  routes: readonly R[],
  method: string,
  segments: readonly string[],
): RouteMatch<R> {
  const allow = new Set<string>();
  for (const route of routes) {
    const params = matchPattern(route.pattern, segments);
    if (params === null) continue;
    if (route.method === method) return { kind: 'found', route, params };
    allow.add(route.method);
  }
  return allow.size === 0 ? { kind: 'none' } : { kind: 'wrong-method', allow: [...allow] };
}

function matchPattern(pattern: string, segments: readonly string[]): Record<string, string> | null {
  const parts = pattern.split('/').slice(1);
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const segment = segments[i]!;
    if (part.startsWith(':')) {
      if (segment === '') return null;
      params[part.slice(1)] = segment;
    } else if (part !== segment) return null;
  }
  return params;
}
