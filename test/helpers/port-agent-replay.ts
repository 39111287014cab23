import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { pythonJson } from './python-json.js';

/**
 * port-labs/port-agent's HTTP calls, replayed as its code sends them (port-agent at
 * 4732c342, Python `requests` 2.32.3): the same methods, paths, headers and bodies, in the same
 * order. Each method names the function it replays. Only the default "control the payload"
 * mapping (`app/control_the_payload_config.json`, last entry) is replayed.
 */

/** One request as it went over the wire, and its answer. */
export interface AgentExchange {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
  readonly status: number;
  /** The answer as JSON, or its text when it is not JSON. */
  readonly answer: unknown;
  /** `response.text`. */
  readonly text: string;
}

/** `requests`' default headers (`requests.utils.default_headers`). */
const REQUESTS_HEADERS = {
  'User-Agent': 'python-requests/2.32.3',
  'Accept-Encoding': 'gzip, deflate',
  Accept: '*/*',
  Connection: 'keep-alive',
};

/** `app/core/consts.py`: `PORT_EXEC_AGENT_CLAIMING_KEY`. */
export const PORT_EXEC_AGENT_CLAIMING_KEY = '_PORT_EXEC_AGENT';

export class PortAgentReplay {
  /** Every request sent, in order (Port's API and the webhook targets). */
  readonly exchanges: AgentExchange[] = [];

  constructor(
    private readonly settings: {
      /** `PORT_API_BASE_URL`. */
      readonly apiBaseUrl: string;
      readonly clientId: string;
      readonly clientSecret: string;
      /** `POLLING_RUNS_BATCH_SIZE` (default 100). */
      readonly batchSize?: number;
    },
  ) {}

  /** `requests.request(method, url, json=body, headers=headers)`. */
  async send(
    method: string,
    url: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<AgentExchange> {
    const text = body === undefined ? null : pythonJson(body);
    const sent: Record<string, string> = { ...REQUESTS_HEADERS };
    if (text !== null) {
      sent['Content-Length'] = String(Buffer.byteLength(text));
      sent['Content-Type'] = 'application/json';
    }
    Object.assign(sent, headers);
    const target = new URL(url);
    const { status, answer, raw } = await new Promise<{
      status: number;
      answer: unknown;
      raw: string;
    }>((resolve, reject) => {
      const req = httpRequest(target, { method, headers: sent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = raw;
          try {
            parsed = JSON.parse(raw);
          } catch {
            // `Response.json()` raises; port-agent then uses `response.text`.
          }
          resolve({ status: res.statusCode ?? 0, answer: parsed, raw });
        });
      });
      req.on('error', reject);
      req.end(text ?? undefined);
    });
    const exchange = {
      method,
      path: `${target.pathname}${target.search}`,
      headers: sent,
      body: text,
      status,
      answer,
      text: raw,
    };
    this.exchanges.push(exchange);
    return exchange;
  }

  private api(path: string): string {
    return `${this.settings.apiBaseUrl}${path}`;
  }

  /** `app/port_client.py` `get_port_api_headers`: a new token before every API call. */
  async apiHeaders(): Promise<Record<string, string>> {
    const token = await this.send('POST', this.api('/v1/auth/access_token'), {
      clientId: this.settings.clientId,
      clientSecret: this.settings.clientSecret,
    });
    if (token.status >= 400) throw new Error(`token: ${token.status}`); // raise_for_status
    return {
      Authorization: `Bearer ${(token.answer as { accessToken: string }).accessToken}`,
      'User-Agent': 'port-agent',
    };
  }

  /** `port_client.patch_org_streamer_setting` (called by `app/main.py` `main` at start). */
  async patchOrgStreamerSetting(streamer: string): Promise<AgentExchange> {
    return this.send(
      'PATCH',
      this.api('/v1/organization'),
      { settings: { portAgentStreamerName: streamer } },
      await this.apiHeaders(),
    );
  }

  /** `port_client.claim_pending_runs`. */
  async claimPendingRuns(limit = this.settings.batchSize ?? 100): Promise<AgentExchange> {
    const headers = { ...(await this.apiHeaders()), 'x-port-reserved-usage': 'true' };
    const body = {
      installationId: PORT_EXEC_AGENT_CLAIMING_KEY,
      limit,
      invocationMethod: 'WEBHOOK',
    };
    return this.send('POST', this.api('/v1/actions/runs/claim-pending'), body, headers);
  }

  /** `port_client.ack_runs`. */
  async ackRuns(runIds: string[]): Promise<AgentExchange> {
    const headers = { ...(await this.apiHeaders()), 'x-port-reserved-usage': 'true' };
    return this.send('PATCH', this.api('/v1/actions/runs/ack'), { runIds }, headers);
  }

  /** `port_client.claim_pending_wf_node_runs`. */
  async claimPendingWfNodeRuns(limit = this.settings.batchSize ?? 100): Promise<AgentExchange> {
    const headers = { ...(await this.apiHeaders()), 'x-port-reserved-usage': 'true' };
    const body = { installationId: PORT_EXEC_AGENT_CLAIMING_KEY, limit };
    return this.send('POST', this.api('/v1/workflows/runs/claim-pending'), body, headers);
  }

  /** `port_client.run_logger_factory(run_id)(message)`. */
  async sendRunLog(runId: string, message: string): Promise<AgentExchange> {
    return this.send(
      'POST',
      this.api(`/v1/actions/runs/${runId}/logs`),
      { message },
      await this.apiHeaders(),
    );
  }

  /** `port_client.report_run_status`. */
  async reportRunStatus(runId: string, data: Record<string, unknown>): Promise<AgentExchange> {
    return this.send('PATCH', this.api(`/v1/actions/runs/${runId}`), data, await this.apiHeaders());
  }

  /** `port_client.report_run_response`. */
  async reportRunResponse(runId: string, response: unknown): Promise<AgentExchange> {
    return this.send(
      'PATCH',
      this.api(`/v1/actions/runs/${runId}/response`),
      { response },
      await this.apiHeaders(),
    );
  }

  /** `port_client.get_kafka_credentials`. */
  async getKafkaCredentials(): Promise<AgentExchange> {
    return this.send('GET', this.api('/v1/kafka-credentials'), undefined, await this.apiHeaders());
  }

  /**
   * One poll of `app/consumers/http_polling_consumer.py` `HttpPollingConsumer._poll_runs` for
   * action runs (claim, ack each, process each; a run whose processing raises is reported
   * `FAILURE` "Agent failed to process the run"), then for workflow node runs.
   */
  async poll(): Promise<{ claimed: Record<string, unknown>[] }> {
    const claim = await this.claimPendingRuns();
    if (claim.status >= 400) throw new Error(`claim-pending: ${claim.status}`);
    const runs = ((claim.answer as { runs?: unknown[] }).runs ?? []) as Record<string, unknown>[];
    const acked: Record<string, unknown>[] = [];
    for (const run of runs) {
      const ack = await this.ackRuns([String(run.id)]);
      if (ack.status >= 400) throw new Error(`ack: ${ack.status}`);
      if ((ack.answer as { ackedCount?: number }).ackedCount) acked.push(run);
    }
    for (const run of acked) {
      try {
        await this.processRun(run);
      } catch {
        await this.reportRunStatus(String(run.id), {
          status: 'FAILURE',
          summary: 'Agent failed to process the run',
        });
      }
    }
    const nodeRuns = await this.claimPendingWfNodeRuns();
    if (nodeRuns.status >= 400) throw new Error(`workflows claim-pending: ${nodeRuns.status}`);
    return { claimed: runs };
  }

  /**
   * `app/streamers/polling/polling_streamer.py` `PollingStreamer.process_run`,
   * `app/processors/polling/polling_to_webhook_processor.py` `process_run` and
   * `app/invokers/webhook_invoker.py` `WebhookInvoker.invoke` / `_invoke_run` with the default
   * mapping (DETAILED_LOGGING on, its default). Throws where the agent raises.
   */
  async processRun(run: Record<string, unknown>): Promise<void> {
    const runId = String(run.id);
    const payload = run.payload as Record<string, unknown>;
    // KeyError when a key is missing: the agent cannot process the run.
    for (const key of ['type', 'url', 'agent', 'body']) {
      if (!(key in payload)) throw new Error(`KeyError: '${key}'`);
    }
    const invocationMethod: Record<string, unknown> = {
      type: payload.type,
      url: payload.url,
      agent: payload.agent,
      synchronized: payload.synchronized ?? false,
      method: payload.method ?? 'POST',
      headers: payload.headers ?? {},
    };
    const agent = invocationMethod.agent;
    delete invocationMethod.agent;
    if (!agent) return; // "Skip process run: not for agent"
    const body = payload.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new Error('TypeError: list indices must be integers or slices, not str');
    }
    const msg: Record<string, unknown> = { ...(body as Record<string, unknown>) };
    msg.headers = invocationMethod.headers;
    const inner = (msg.payload ??= {}) as Record<string, unknown>;
    const action = (inner.action ??= {}) as Record<string, unknown>;
    action.invocationMethod = invocationMethod;
    const context = (msg.context ??= {}) as Record<string, unknown>;
    context.runId = runId;

    await this.sendRunLog(runId, 'An action message has been received');
    await this.sendRunLog(runId, 'Preparing the payload for the request');
    // Default mapping: url and method are jq over the message, the body is the message.
    const url = String(invocationMethod.url);
    const method = String(invocationMethod.method ?? 'POST');
    // `WebhookInvoker._request`.
    await this.sendRunLog(runId, 'Sending the request');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `v1,${createHmac('sha256', this.settings.clientSecret)
      .update(`${timestamp}.${pythonJson(msg, true)}`)
      .digest('base64')}`;
    const res = await this.send(method, url, msg, {
      'X-Port-Timestamp': timestamp,
      'X-Port-Signature': signature,
    });
    const ok = res.status < 400;
    const text = res.text;
    await this.sendRunLog(
      runId,
      ok
        ? `Action invocation has completed successfully with status code: ${res.status}`
        : `Action invocation failed with status code: ${res.status} and response: ${text}`,
    );
    const responseBody = res.answer;
    if (invocationMethod.synchronized && pythonTruthy(responseBody)) {
      await this.sendRunLog(runId, 'Reporting the run response');
      const reported = await this.reportRunResponse(runId, responseBody);
      await this.sendRunLog(
        runId,
        reported.status < 400
          ? 'The run response was reported successfully '
          : `The run response failed to be reported with status code: ${reported.status} and response: ${reported.text}`,
      );
    }
    // `_prepare_report` without a report mapping.
    const report: Record<string, unknown> = {};
    const status = ok ? (invocationMethod.synchronized ? 'SUCCESS' : undefined) : 'FAILURE';
    if (status) report.status = status;
    if (!ok)
      report.summary = `Failed to invoke the webhook with status code: ${res.status}. Response: ${text}`;
    if (Object.keys(report).length) {
      const patched = await this.reportRunStatus(runId, report);
      if (patched.status >= 400) {
        await this.sendRunLog(
          runId,
          `The run state failed to be reported with status code: ${patched.status} and response: ${JSON.stringify(patched.answer)}`,
        );
      }
    }
    if (!ok) throw new Error(`HTTPError: ${res.status}`); // res.raise_for_status()
    await this.sendRunLog(runId, 'Port agent finished processing the action run');
  }
}

/** Python's truth value of a JSON value: empty strings, lists and dicts are false. */
function pythonTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '')
    return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}
