export interface BotTarget {
  readonly botUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface BotRun {
  readonly id?: string;
  readonly status?: string;
  readonly link?: readonly string[];
}

/** A bot answered with an error; the message says which call and what the bot said. */
export class BotError extends Error {}

/**
 * Runs an action through the switchyard bot, as Port's API does: a bearer token from
 * `POST /v1/auth/access_token` with the client id and secret, then
 * `POST /v1/actions/{identifier}/runs` with `{ properties }` (self-service actions only:
 * the bot runs automations when their trigger events arrive).
 */
export async function sendToBot(
  target: BotTarget,
  identifier: string,
  body: { properties: Readonly<Record<string, unknown>> },
): Promise<BotRun> {
  if (!target.clientId || !target.clientSecret) {
    throw new BotError(
      "bot-url is set, so client-id and client-secret are needed (the bot's API credentials)",
    );
  }
  const auth = await call(`${target.botUrl}/v1/auth/access_token`, 'getting an access token', {
    clientId: target.clientId,
    clientSecret: target.clientSecret,
  });
  const token = (auth as { accessToken?: unknown }).accessToken;
  if (typeof token !== 'string')
    throw new BotError('the bot answered the access-token request without accessToken');
  const answer = await call(
    `${target.botUrl}/v1/actions/${encodeURIComponent(identifier)}/runs`,
    `running ${identifier}`,
    body,
    token,
  );
  const run = (answer as { run?: { id?: unknown; status?: unknown; link?: unknown } }).run ?? {};
  return {
    ...(typeof run.id === 'string' ? { id: run.id } : {}),
    ...(typeof run.status === 'string' ? { status: run.status } : {}),
    ...(Array.isArray(run.link) ? { link: run.link.map(String) } : {}),
  };
}

async function call(url: string, what: string, body: unknown, token?: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new BotError(
      `${what}: cannot reach the bot at ${new URL(url).origin} (${(error as Error).message})`,
    );
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const message = (json as { message?: unknown } | undefined)?.message;
    throw new BotError(
      `${what}: the bot answered ${response.status}${typeof message === 'string' ? `: ${message}` : ''}`,
    );
  }
  return json ?? {};
}
