import type { WebhookMethod } from '../../definitions/definition.js';
import type { PlanConfig } from './plan-config.js';
import { portSignatureHeaders } from '../sign/port-signature.js';
import type { PlanError, WebhookPlan } from './request-plan.js';
import { toFlag, toInputString } from './to-flag.js';

/** The webhook request for a rendered WEBHOOK invocation method (spec §5.1). */
export function planWebhook(
  method: WebhookMethod,
  runId: string,
  config: PlanConfig,
  errors: PlanError[],
): WebhookPlan {
  const url = String(method.url ?? '');
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    errors.push({
      path: 'invocationMethod.url',
      message: `the rendered URL ${JSON.stringify(url)} is not a valid absolute URL`,
    });
  }
  if (parsed && parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    errors.push({
      path: 'invocationMethod.url',
      message: `the URL must use https:// or http://, not ${parsed.protocol}//`,
    });
  }
  const verb = method.method ?? 'POST';
  const body = method.body === undefined && verb !== 'GET' ? {} : method.body;
  const bodyText = body === undefined ? '' : JSON.stringify(body);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(method.headers ?? {})) {
    if (value === undefined || value === null) continue;
    headers[name] = toInputString(value);
  }
  if (body !== undefined && !hasHeader(headers, 'content-type'))
    headers['Content-Type'] = 'application/json';
  headers['X-Switchyard-Run-Id'] = runId;
  if (config.signingSecret)
    Object.assign(headers, portSignatureHeaders(config.signingSecret, bodyText, config.now));
  return {
    type: 'WEBHOOK',
    runId,
    method: verb,
    url,
    headers,
    ...(body === undefined ? {} : { body }),
    bodyText,
    synchronized: toFlag(method.synchronized, false),
    agent: toFlag(method.agent, false),
  };
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}
