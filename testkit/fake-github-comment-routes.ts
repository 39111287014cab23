import {
  DOCS,
  send,
  type Caller,
  type FakeComment,
  type FakeGithubServer,
  type Route,
} from './fake-github-server.js';

function checkComment(
  fake: FakeGithubServer,
  body: unknown,
): { status: number; body: unknown } | undefined {
  if (fake.readOnly) {
    return {
      status: 403,
      body: { message: 'Resource not accessible by integration', documentation_url: DOCS },
    };
  }
  const text = (body as { body?: unknown } | undefined)?.body;
  if (typeof text !== 'string') {
    return {
      status: 422,
      body: { message: 'Invalid request.\n\n"body" wasn\'t supplied.', documentation_url: DOCS },
    };
  }
  if (text.length > 65_536) {
    return {
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'IssueComment',
            code: 'custom',
            field: 'body',
            message: 'body is too long (maximum is 65536 characters)',
          },
        ],
        documentation_url: DOCS,
      },
    };
  }
  return undefined;
}

function newComment(
  fake: FakeGithubServer,
  caller: Caller,
  body: string,
  m: RegExpExecArray,
): FakeComment {
  const id = fake.id();
  const now = new Date().toISOString();
  return {
    id,
    body,
    user: fake.authorOf(caller),
    html_url: `https://github.com/${m[1]}/${m[2]}/pull/${m[3]}#issuecomment-${id}`,
    created_at: now,
    updated_at: now,
  };
}

/**
 * The authenticated user (`GET /user`), and issue comments, paginated with Link headers,
 * 422 past 65,536 characters, each written by its caller's identity.
 */
export const commentRoutes: readonly Route[] = [
  [
    'GET',
    /^\/user$/,
    ({ fake, caller, res }) => {
      const user = caller.kind === 'token' ? fake.users.get(caller.token) : undefined;
      if (!user) {
        return send(res, 403, {
          message: 'Resource not accessible by integration',
          documentation_url: `${DOCS}/users/users#get-the-authenticated-user`,
        });
      }
      send(res, 200, { ...user, id: 7000 + user.login.length });
    },
  ],
  [
    'GET',
    /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
    ({ fake, match, url, res }) => {
      const all = fake.comments.get(Number(match[3])) ?? [];
      const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link = (n: number) => {
        const next = new URL(url);
        next.searchParams.set('per_page', String(perPage));
        next.searchParams.set('page', String(n));
        return next.toString();
      };
      const links: string[] = [];
      if (page < last) links.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
      if (page > 1) links.push(`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`);
      send(
        res,
        200,
        all.slice((page - 1) * perPage, page * perPage),
        links.length ? { link: links.join(', ') } : {},
      );
    },
  ],
  [
    'POST',
    /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
    ({ fake, match, body, caller, res }) => {
      const invalid = checkComment(fake, body);
      if (invalid) return send(res, invalid.status, invalid.body);
      const comment = newComment(fake, caller, (body as { body: string }).body, match);
      const list = fake.comments.get(Number(match[3])) ?? [];
      list.push(comment);
      fake.comments.set(Number(match[3]), list);
      send(res, 201, comment);
    },
  ],
  [
    'PATCH',
    /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/,
    ({ fake, match, body, res }) => {
      const comment = [...fake.comments.values()].flat().find((c) => c.id === Number(match[3]));
      if (!comment) return send(res, 404, { message: 'Not Found', documentation_url: DOCS });
      const invalid = checkComment(fake, body);
      if (invalid) return send(res, invalid.status, invalid.body);
      comment.body = (body as { body: string }).body;
      comment.updated_at = new Date().toISOString();
      send(res, 200, comment);
    },
  ],
];
