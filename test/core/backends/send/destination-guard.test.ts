import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAddress } from '../../../../core/backends/send/classify-address.js';
import {
  destinationRefusal,
  parseAllowedDestinations,
  type DestinationPolicy,
} from '../../../../core/backends/send/destination-policy.js';
import type { WebhookPlan } from '../../../../core/backends/plan/request-plan.js';
import {
  dnsServersResolve,
  type ResolveHost,
} from '../../../../core/backends/send/resolve-host.js';
import { sendWebhook } from '../../../../core/backends/send/send-webhook.js';
import { readConfig } from '../../../../bot/config/read-config.js';
import { startLoopbackDns, type LoopbackDnsServer } from '../../../helpers/loopback-dns-server.js';
import {
  json,
  startLoopbackServer,
  type LoopbackServer,
} from '../../../helpers/loopback-server.js';

function plan(url: string): WebhookPlan {
  return {
    type: 'WEBHOOK',
    runId: 'r_1',
    method: 'POST',
    url,
    headers: { 'Content-Type': 'application/json' },
    body: {},
    bodyText: '{}',
    synchronized: true,
    agent: false,
  };
}

const policy = (allowList = '', allowMetadata = false): DestinationPolicy => ({
  allowed: parseAllowedDestinations(allowList),
  allowMetadata,
});

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['2606:4700::1111', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['[::ffff:a9fe:a9fe]', 'metadata'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['2002:a9fe:a9fe::1', 'metadata'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

describe('SSRF guard of webhook destinations (regression, chaos suite figure 6)', () => {
  let dns: LoopbackDnsServer;
  let resolve: ResolveHost;
  let receiver: LoopbackServer;
  // Stands in for an internal service: counts TCP connections, so "refused before a socket
  // opens" is observable.
  let internal: Server;
  let connections = 0;
  beforeAll(async () => {
    receiver = await startLoopbackServer((req, res) => {
      if (req.url.startsWith('/redirect')) {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        res.end();
        return;
      }
      json(res, 200, { ok: true });
    });
    internal = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((done) => internal.listen(0, '127.0.0.1', done));
    dns = await startLoopbackDns({
      'metadata.evil.test': ['169.254.169.254'],
      'mapped.evil.test': ['::ffff:169.254.169.254'],
      'private.evil.test': ['10.0.0.7'],
      'loopback.evil.test': ['127.0.0.1'],
      'mixed.evil.test': ['93.184.216.34', '127.0.0.1'],
      'receiver.test': ['127.0.0.1'],
    });
    resolve = dnsServersResolve([dns.server]);
  });
  afterAll(async () => {
    await receiver.close();
    await dns.close();
    await new Promise((done) => internal.close(done));
  });

  const port = () => (internal.address() as { port: number }).port;

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'a cloud metadata address'],
    ['http://[::ffff:169.254.169.254]/', 'a cloud metadata address'],
    ['http://[fd00:ec2::254]/', 'a cloud metadata address'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'a cloud metadata address'],
    ['http://169.254.10.10/', 'a link-local address'],
    ['http://0.0.0.0:PORT/', 'an unspecified address'],
    ['http://[::]:PORT/', 'an unspecified address'],
    ['http://127.0.0.1:PORT/', 'a loopback address'],
    ['http://0x7f.1:PORT/', 'a loopback address'],
    ['http://[::1]:PORT/', 'a loopback address'],
    ['http://10.0.0.1/', 'a private-network address'],
    ['http://192.168.0.1/', 'a private-network address'],
    ['http://172.16.5.4/', 'a private-network address'],
    ['http://metadata.evil.test/', 'a cloud metadata address'],
    ['http://mapped.evil.test/', 'a cloud metadata address'],
    ['http://private.evil.test/', 'a private-network address'],
    ['http://loopback.evil.test:PORT/', 'a loopback address'],
    ['http://mixed.evil.test:PORT/', 'a loopback address'],
  ])('refuses %s by default, before any connection', async (url, what) => {
    const before = connections;
    const queried = dns.queries.length;
    const result = await sendWebhook(plan(url.replace('PORT', String(port()))), { resolve });
    expect(result).toMatchObject({ outcome: 'done', status: 'FAILURE' });
    expect(result.outcome === 'done' && result.summary).toContain(what);
    expect(result.outcome === 'done' && result.summary).toContain(
      'SWITCHYARD_ALLOWED_DESTINATIONS',
    );
    expect(connections).toBe(before);
    // Literal addresses and metadata names are refused without even asking DNS.
    if (!url.includes('.test')) expect(dns.queries.length).toBe(queried);
  });

  it('sends to an allow-listed network or host name, and to nothing else', async () => {
    const url = `${receiver.url}/hook`;
    expect(
      await sendWebhook(plan(url), { resolve, destinations: policy('127.0.0.0/8') }),
    ).toMatchObject({ status: 'SUCCESS' });
    const named = `http://receiver.test:${new URL(receiver.url).port}/hook`;
    expect(
      await sendWebhook(plan(named), { resolve, destinations: policy('receiver.test') }),
    ).toMatchObject({ status: 'SUCCESS' });
    expect(
      await sendWebhook(plan(named), { resolve, destinations: policy('*.test') }),
    ).toMatchObject({ status: 'SUCCESS' });
    // An allow-listed private range does not open metadata.
    const refused = await sendWebhook(plan('http://169.254.169.254/'), {
      resolve,
      destinations: policy('10.0.0.0/8,127.0.0.1'),
    });
    expect(refused).toMatchObject({ status: 'FAILURE' });
  });

  it('does not follow a redirect (here to the metadata address)', async () => {
    const result = await sendWebhook(plan(`${receiver.url}/redirect`), {
      resolve,
      destinations: policy('127.0.0.1'),
    });
    expect(result).toMatchObject({ outcome: 'done', status: 'FAILURE', httpStatus: 302 });
    expect(result.logs.join('\n')).toContain('redirects are not followed');
  });

  it('explains a refusal and how to allow it', () => {
    expect(destinationRefusal('db.internal', '10.0.0.5', policy())).toBe(
      'refused to connect to db.internal (10.0.0.5): a private-network address; add it to SWITCHYARD_ALLOWED_DESTINATIONS if this destination is intended',
    );
    expect(
      destinationRefusal('169.254.169.254', '169.254.169.254', policy('', true)),
    ).toBeUndefined();
  });

  it('reads and checks SWITCHYARD_ALLOWED_DESTINATIONS and SWITCHYARD_DNS_SERVERS', () => {
    const config = readConfig({
      SWITCHYARD_ALLOWED_DESTINATIONS: '10.0.0.0/8, hooks.internal, *.svc.local, ::1',
      SWITCHYARD_DNS_SERVERS: '127.0.0.1:5353',
    });
    expect(config.allowedDestinations.map((e) => e.kind)).toEqual([
      'network',
      'host',
      'host',
      'network',
    ]);
    expect(config.dnsServers).toEqual(['127.0.0.1:5353']);
    expect(() => readConfig({ SWITCHYARD_ALLOWED_DESTINATIONS: '10.0.0.0/40' })).toThrow(
      'SWITCHYARD_ALLOWED_DESTINATIONS: "10.0.0.0/40": the prefix length must be an integer from 0 to 32',
    );
    expect(() => readConfig({ SWITCHYARD_ALLOWED_DESTINATIONS: 'http://x' })).toThrow(
      /SWITCHYARD_ALLOWED_DESTINATIONS: "http:\/\/x" is neither/,
    );
    expect(() => readConfig({ SWITCHYARD_DNS_SERVERS: 'dns.google' })).toThrow(
      /SWITCHYARD_DNS_SERVERS/,
    );
  });
});
