import { useEffect, useState } from 'preact/hooks';

/** Where the browser is: the path and its query (the page's shareable state). */
export interface Location {
  readonly path: string;
  readonly query: URLSearchParams;
}

const CHANGE = 'switchyard:navigate';

function current(): Location {
  const path = location.pathname.length > 1 ? location.pathname.replace(/\/$/, '') : '/';
  return { path, query: new URLSearchParams(location.search) };
}

/** Goes to `url` with the History API (a shareable URL, no reload). */
export function navigate(url: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new Event(CHANGE));
}

/** The current location; re-renders on navigation and on Back/Forward. */
export function useLocation(): Location {
  const [where, setWhere] = useState(current);
  useEffect(() => {
    const update = (): void => setWhere(current());
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return where;
}

/**
 * Plain `<a href>` links to this UI's pages navigate without a reload; a modified click
 * (new tab, download) and links elsewhere behave as the browser does.
 */
export function interceptLinks(): void {
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest('a');
    if (
      anchor === null ||
      anchor === undefined ||
      anchor.target !== '' ||
      anchor.hasAttribute('download')
    )
      return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/v1/')) return;
    // In-page links (the skip link) keep the browser's own scrolling and focus.
    if (url.pathname === location.pathname && url.search === location.search && url.hash !== '')
      return;
    event.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
}

/** `pattern` like `/runs/:id` against `path`: the params, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!;
    if (part.startsWith(':')) {
      if (have[i] === '') return null;
      params[part.slice(1)] = decodeURIComponent(have[i]!);
    } else if (part !== have[i]) return null;
  }
  return params;
}
