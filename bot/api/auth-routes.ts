import { randomBytes } from 'node:crypto';
import { issueAccessToken, sameText } from './access-token.js';
import { invalidRequest } from './api-error.js';
import type { ApiAnswer, ApiCall, ApiRoute } from './api-route.js';
import { apiCredentials, unauthorized } from './authenticate.js';
import { bodyObject } from './body-object.js';
import { readJsonBody } from './read-json-body.js';

/** Signs the tokens of an open API, which no route checks; they exist so clients run unchanged. */
const OPEN_API_SECRET = randomBytes(32).toString('hex');

/**
 * `POST /v1/auth/access_token` `{clientId, clientSecret}` → `{ok, accessToken, expiresIn,
 * tokenType: "Bearer"}`; 401 when they are not the configured ones.
 */
async function accessToken({ req, ctx }: ApiCall): Promise<ApiAnswer> {
  const body = bodyObject(await readJsonBody(req), ['clientId', 'clientSecret']);
  const { clientId, clientSecret } = body;
  const credentials = apiCredentials(ctx.config);
  if (credentials === undefined) {
    const subject = typeof clientId === 'string' && clientId !== '' ? clientId : 'anonymous';
    return answer(
      issueAccessToken({ clientId: subject, clientSecret: OPEN_API_SECRET }, Date.now()),
    );
  }
  if (typeof clientId !== 'string' || typeof clientSecret !== 'string') {
    throw invalidRequest('clientId and clientSecret are required strings');
  }
  // Both compared every time, in constant time: the answer tells nothing about which was wrong.
  const idMatches = sameText(clientId, credentials.clientId);
  const secretMatches = sameText(clientSecret, credentials.clientSecret);
  if (!idMatches || !secretMatches) {
    ctx.log.warn('refused an access token request: wrong client id or secret');
    throw unauthorized('the clientId or clientSecret is wrong');
  }
  return answer(issueAccessToken(credentials, Date.now()));
}

function answer(token: { accessToken: string; expiresIn: number }): ApiAnswer {
  return { status: 200, body: { ok: true, ...token, tokenType: 'Bearer' } };
}

export const authRoutes: readonly ApiRoute[] = [
  { method: 'POST', pattern: '/v1/auth/access_token', auth: false, handle: accessToken },
];
