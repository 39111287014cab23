import { readFile, readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { BotContext } from '../bot-context.js';
import { HttpError } from '../http/http-error.js';
import type { HandlerRoute, HttpRequest, HttpResponse } from '../http/http-route.js';
import { findUiBuild } from './find-ui-build.js';
import { mayOpenPages } from './may-open-pages.js';
import { IMMUTABLE, NO_CACHE, UI_SECURITY_HEADERS } from './ui-headers.js';

/** The UI's pages: each is index.html; the script draws the page its URL names. */
export const UI_PAGES = [
  '/runs',
  '/runs/:id',
  '/events',
  '/events/:id',
  '/automations',
  '/actions',
  '/actions/:id',
  '/login',
] as const;

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

interface UiFiles {
  readonly index: Buffer;
  readonly assets: ReadonlyMap<string, Buffer>;
}

/**
 * The web UI on the bot's port: `/` → `/runs`, every page URL → index.html (no-cache; 401
 * when the caller must log in first, the page then shows the login form), `/assets/NAME` →
 * the content-hashed bundle (immutable); HEAD as GET. Built by `npm run build` into `lib/ui`;
 * read once.
 */
export function uiRoutes(ctx: BotContext, dir = findUiBuild()): readonly HandlerRoute[] {
  let files: Promise<UiFiles> | undefined;
  const load = (): Promise<UiFiles> => {
    files ??= readUiFiles(dir).catch((error: unknown) => {
      files = undefined;
      throw error;
    });
    return files;
  };
  const page = async (request: HttpRequest): Promise<HttpResponse> => {
    const { index } = await load();
    const open = request.path === '/login' || mayOpenPages(request, ctx.config, Date.now());
    return {
      status: open ? 200 : 401,
      headers: {
        ...UI_SECURITY_HEADERS,
        'content-type': 'text/html; charset=utf-8',
        'cache-control': NO_CACHE,
      },
      body: index,
    };
  };
  const routes: HandlerRoute[] = [
    {
      method: 'GET',
      pattern: '/',
      handle: async () => ({
        status: 302,
        headers: { ...UI_SECURITY_HEADERS, location: '/runs', 'cache-control': NO_CACHE },
        body: '',
      }),
    },
    ...UI_PAGES.map((pattern) => ({ method: 'GET', pattern, handle: page })),
    {
      method: 'GET',
      pattern: '/assets/:name',
      handle: async (request) => {
        const name = request.params.name!;
        const body = (await load()).assets.get(name);
        if (body === undefined) {
          throw new HttpError(404, 'not_found', `there is no UI asset ${name}`);
        }
        return {
          status: 200,
          headers: {
            ...UI_SECURITY_HEADERS,
            'content-type': TYPES[extname(name)] ?? 'application/octet-stream',
            'cache-control': IMMUTABLE,
          },
          body,
        };
      },
    },
  ];
  // HEAD answers as GET does (Node sends no body for it).
  return [...routes, ...routes.map((route) => ({ ...route, method: 'HEAD' }))];
}

async function readUiFiles(dir: string): Promise<UiFiles> {
  let index: Buffer;
  try {
    index = await readFile(join(dir, 'index.html'));
  } catch {
    throw new HttpError(
      503,
      'ui_not_built',
      `the web UI is not built (no ${join(dir, 'index.html')}): run npm run build`,
    );
  }
  const assets = new Map<string, Buffer>();
  for (const name of await readdir(join(dir, 'assets'))) {
    assets.set(name, await readFile(join(dir, 'assets', name)));
  }
  return { index, assets };
}
