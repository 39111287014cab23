import { createHmac } from 'node:crypto';

/** POSTs a body signed with Port's scheme (`X-Port-Timestamp`, `X-Port-Signature: v1,…`). */
export async function signedPost(
  url: string,
  body: unknown,
  secret: string,
  options: { timestamp?: number; headers?: Record<string, string>; raw?: string } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const text = options.raw ?? JSON.stringify(body);
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', secret).update(`${timestamp}.${text}`).digest('base64');
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-port-timestamp': timestamp,
      'x-port-signature': `v1,${signature}`,
      ...options.headers,
    },
    body: text,
  });
  const answer = await response.text();
  return {
    status: response.status,
    json: answer ? (JSON.parse(answer) as Record<string, unknown>) : {},
  };
}
