import { read, type DefinitionRule } from '../rule-context.js';

/** Plain-HTTP webhooks send payloads and signatures in the clear. */
export const insecureWebhookUrl: DefinitionRule = ({ definition, report }) => {
  if (read(definition, 'invocationMethod', 'type') !== 'WEBHOOK') return;
  const url = read(definition, 'invocationMethod', 'url');
  if (typeof url !== 'string' || !/^\s*http:\/\//i.test(url)) return;
  report(
    'insecure-webhook-url',
    'warning',
    ['invocationMethod', 'url'],
    'the webhook URL uses http://, so the payload and its signature travel unencrypted: use https://',
  );
};
