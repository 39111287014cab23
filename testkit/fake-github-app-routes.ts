import { DOCS, notFound, send, type Route, type RouteCall } from './fake-github-server.js';

const notApp = (call: RouteCall) =>
  send(call.res, 401, {
    message: 'A JSON web token could not be decoded',
    documentation_url: DOCS,
  });

function page<T>(call: RouteCall, items: readonly T[]): T[] {
  const perPage = Math.min(100, Number(call.url.searchParams.get('per_page') ?? 30));
  const n = Number(call.url.searchParams.get('page') ?? 1);
  return items.slice((n - 1) * perPage, n * perPage);
}

/** GitHub App authentication: installation tokens, installations and their repositories. */
export const appRoutes: readonly Route[] = [
  [
    'POST',
    /^\/app\/installations\/(\d+)\/access_tokens$/,
    (call) => {
      if (call.caller.kind !== 'app') return notApp(call);
      const id = Number(call.match[1]);
      if (!call.fake.installations.has(id)) return notFound(call.res);
      send(call.res, 201, {
        token: call.fake.issueToken(id),
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
        permissions: { contents: 'read', checks: 'write', actions: 'write', metadata: 'read' },
        repository_selection: 'selected',
      });
    },
  ],
  [
    'GET',
    /^\/app\/installations$/,
    (call) => {
      if (call.caller.kind !== 'app') return notApp(call);
      const all = [...call.fake.installations.values()].map((i) => ({
        id: i.id,
        account: { login: i.account.login, id: i.account.id, type: 'Organization' },
        target_type: 'Organization',
        repository_selection: 'selected',
      }));
      send(call.res, 200, page(call, all));
    },
  ],
  [
    'GET',
    /^\/app$/,
    (call) => {
      if (call.caller.kind !== 'app') return notApp(call);
      send(call.res, 200, { id: 1, slug: 'switchyard', name: 'switchyard' });
    },
  ],
  [
    'GET',
    /^\/repos\/([^/]+)\/([^/]+)\/installation$/,
    (call) => {
      if (call.caller.kind !== 'app') return notApp(call);
      const installation = call.fake.installationOf(`${call.match[1]}/${call.match[2]}`);
      if (!installation) return notFound(call.res);
      send(call.res, 200, {
        id: installation.id,
        account: { login: installation.account.login, id: installation.account.id },
      });
    },
  ],
  [
    'GET',
    /^\/installation\/repositories$/,
    (call) => {
      if (call.caller.kind !== 'installation') return notFound(call.res);
      const installation = call.fake.installations.get(call.caller.installationId)!;
      const repositories = [...installation.repositories]
        .sort()
        .map((name) => call.fake.repositoryJson(call.fake.repository(name)));
      send(call.res, 200, {
        total_count: repositories.length,
        repositories: page(call, repositories),
      });
    },
  ],
];
