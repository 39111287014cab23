import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { json, startLoopbackServer, type LoopbackServer } from './loopback-server.js';

/** An Incoming WebHook service connection of an Azure DevOps organization. */
export interface FakeIncomingWebhook {
  readonly org: string;
  /** The "Webhook Name" (the URL's last segment). */
  readonly webhook: string;
  /** "Secret key": when set, the request must carry the checksum in `checksumHeader`. */
  readonly secret?: string;
  /** "Headers": the header holding the HMAC-SHA1 hex checksum (Port's docs: x-port-signature). */
  readonly checksumHeader?: string;
}

/** A pipeline run the webhook queued: the JSON body the pipeline reads as `parameters.<webhook>`. */
export interface QueuedPipelineRun {
  readonly org: string;
  readonly webhook: string;
  readonly payload: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface FakeAzureDevops extends LoopbackServer {
  readonly queued: QueuedPipelineRun[];
  /** The next `count` well-formed requests are answered with `status` (an outage, throttling). */
  failNext(count: number, status: number): void;
}

const ROUTE = /^\/([^/]+)\/_apis\/public\/distributedtask\/webhooks\/([^/]+)$/;

/**
 * A loopback server answering Azure DevOps' public incoming-webhook endpoint
 * `POST /{org}/_apis/public/distributedtask/webhooks/{webhook}?api-version=6.0-preview`
 * (Microsoft's `resources.webhooks.webhook` YAML reference): no authentication; 200 with an
 * empty body when a pipeline run is queued. Errors use Azure DevOps' body
 * `{$id, innerException, message, typeName, typeKey, errorCode, eventId}`: 400 without an
 * `api-version`, 404 for an unknown organization or webhook, 400 for a body that is not
 * JSON, and 500 `RequiredHeaderSignatureNotFound` when the service connection has a secret
 * and the checksum header is missing or does not match (the status Azure DevOps answers for
 * a missing checksum; for a wrong one the same answer is assumed).
 */
export async function startFakeAzureDevops(
  webhooks: readonly FakeIncomingWebhook[],
): Promise<FakeAzureDevops> {
  const queued: QueuedPipelineRun[] = [];
  let failures = { count: 0, status: 503 };
  const server = await startLoopbackServer((req, res) => {
    const url = new URL(req.url, 'http://azure.invalid');
    const route = ROUTE.exec(url.pathname);
    if (!route || req.method !== 'POST') {
      return azureError(
        res,
        404,
        'NotFoundException',
        `The resource ${url.pathname} was not found.`,
      );
    }
    if (!url.searchParams.get('api-version')) {
      return azureError(
        res,
        400,
        'VssVersionNotSpecifiedException',
        'No api-version was supplied for the "POST" request. The version must be supplied either as part of the Accept header (e.g. "application/json; api-version=1.0") or as a query parameter (e.g. "?api-version=1.0").',
      );
    }
    const org = decodeURIComponent(route[1]!);
    const name = decodeURIComponent(route[2]!);
    const hook = webhooks.find((w) => w.org === org && w.webhook === name);
    if (!hook) {
      return azureError(
        res,
        404,
        'WebHookNotFoundException',
        `No incoming webhook named ${name} was found in organization ${org}.`,
      );
    }
    if (hook.secret) {
      const header = req.headers[(hook.checksumHeader ?? 'x-port-signature').toLowerCase()];
      const expected = createHmac('sha1', hook.secret).update(req.body).digest('hex');
      if (typeof header !== 'string' || !sameText(header, expected)) {
        return azureError(
          res,
          500,
          'RequiredHeaderSignatureNotFound',
          'The payload signature in the required header was not found or does not match.',
        );
      }
    }
    let payload: unknown;
    try {
      payload = JSON.parse(req.body);
    } catch {
      return azureError(res, 400, 'InvalidPayloadException', 'The request body is not valid JSON.');
    }
    if (failures.count > 0) {
      failures = { ...failures, count: failures.count - 1 };
      return azureError(res, failures.status, 'ServiceUnavailableException', 'Try again later.');
    }
    queued.push({ org, webhook: name, payload, headers: req.headers });
    res.writeHead(200, { 'content-length': '0' });
    res.end();
  });
  return Object.assign(server, {
    queued,
    failNext(count: number, status: number) {
      failures = { count, status };
    },
  });
}

function azureError(res: ServerResponse, status: number, typeKey: string, message: string): void {
  json(res, status, {
    $id: '1',
    innerException: null,
    message,
    typeName: `Microsoft.TeamFoundation.DistributedTask.WebApi.${typeKey}, Microsoft.TeamFoundation.DistributedTask.WebApi`,
    typeKey,
    errorCode: 0,
    eventId: 3000,
  });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
