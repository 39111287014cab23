import type { AzureDevopsMethod } from '../../definitions/definition.js';
import { DEFAULT_AZURE_DEVOPS_URL, type PlanConfig } from './plan-config.js';
import type { AzureDevopsPlan, PlanError } from './request-plan.js';

/** The incoming-webhook API version Port calls (Port's Azure pipeline backend page). */
export const AZURE_DEVOPS_WEBHOOK_API_VERSION = '6.0-preview';

/**
 * The request for a rendered AZURE_DEVOPS invocation method, as Port sends it: `POST`
 * `https://dev.azure.com/{org}/_apis/public/distributedtask/webhooks/{webhook}?api-version=6.0-preview`
 * with the rendered `payload` as the JSON body (the pipeline reads it as
 * `${{ parameters.<webhook>.… }}`; Port's examples carry the run id as
 * `port_context.runId: "{{ .run.id }}"`). The checksum header is added when sending.
 */
export function planAzureDevops(
  method: AzureDevopsMethod,
  runId: string,
  config: PlanConfig,
  errors: PlanError[],
): AzureDevopsPlan {
  const org = segment(method.org, 'invocationMethod.org', 'organization', errors);
  const webhook = segment(method.webhook, 'invocationMethod.webhook', 'webhook name', errors);
  const base = (config.azureDevopsUrl ?? DEFAULT_AZURE_DEVOPS_URL).replace(/\/+$/, '');
  const body = method.payload ?? {};
  return {
    type: 'AZURE_DEVOPS',
    runId,
    org,
    webhook,
    url: `${base}/${encodeURIComponent(org)}/_apis/public/distributedtask/webhooks/${encodeURIComponent(webhook)}?api-version=${AZURE_DEVOPS_WEBHOOK_API_VERSION}`,
    headers: { 'Content-Type': 'application/json', 'X-Switchyard-Run-Id': runId },
    body,
    bodyText: JSON.stringify(body),
  };
}

function segment(value: unknown, path: string, what: string, errors: PlanError[]): string {
  if (typeof value !== 'string' || value.trim() === '') {
    errors.push({
      path,
      message: `renders to ${JSON.stringify(value ?? null)}, not an Azure DevOps ${what}`,
    });
    return String(value ?? '');
  }
  if (value === '.' || value === '..') {
    errors.push({ path, message: `"${value}" is not an Azure DevOps ${what}` });
  } else if (/^<.*>$/.test(value.trim())) {
    errors.push({
      path,
      message: `${JSON.stringify(value)} is a placeholder: write the Azure DevOps ${what}`,
    });
  }
  return value;
}
