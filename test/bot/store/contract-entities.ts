import { expect, it } from 'vitest';
import type { EntitySearchQuery } from '../../../core/entities/entity-search.js';
import { isStoreError } from '../../../bot/store/store-error.js';
import type { IncomingEvent } from '../../../bot/store/store.js';
import type { StoreHarness } from './store-fixtures.js';
import { TestClock } from './store-fixtures.js';

const opts = { upsert: true, merge: true, by: 'ci@example.com' };

export function entityContract(harness: StoreHarness): void {
  it('creates, merges, replaces and deletes an entity, keeping createdAt/By', async () => {
    const clock = new TestClock();
    const store = await (await harness.createDatabase()).open({ now: clock.now });
    const created = await store.entities.upsertEntity(
      'service',
      {
        identifier: 'svc-a',
        title: 'Service A',
        team: 'platform',
        properties: { tier: 'gold', replicas: 2 },
        relations: { domain: 'payments' },
      },
      opts,
    );
    expect(created.before).toBeNull();
    expect(created.after).toEqual({
      identifier: 'svc-a',
      title: 'Service A',
      icon: null,
      blueprint: 'service',
      team: ['platform'],
      properties: { tier: 'gold', replicas: 2 },
      relations: { domain: 'payments' },
      createdAt: '2025-01-01T12:00:00.000Z',
      createdBy: 'ci@example.com',
      updatedAt: '2025-01-01T12:00:00.000Z',
      updatedBy: 'ci@example.com',
    });
    clock.advance(1000);
    const merged = await store.entities.upsertEntity(
      'service',
      { identifier: 'svc-a', properties: { replicas: 3 } },
      { ...opts, by: 'bot' },
    );
    expect(merged.before).toEqual(created.after);
    expect(merged.after).toMatchObject({
      title: 'Service A',
      team: ['platform'],
      properties: { tier: 'gold', replicas: 3 },
      relations: { domain: 'payments' },
      createdBy: 'ci@example.com',
      updatedAt: '2025-01-01T12:00:01.000Z',
      updatedBy: 'bot',
    });
    const replaced = await store.entities.upsertEntity(
      'service',
      { identifier: 'svc-a', properties: { tier: 'silver' } },
      { ...opts, merge: false },
    );
    expect(replaced.after).toMatchObject({
      title: null,
      team: [],
      properties: { tier: 'silver' },
      relations: {},
      createdAt: '2025-01-01T12:00:00.000Z',
    });
    expect(await store.entities.getEntity('service', 'svc-a')).toEqual(replaced.after);
    const deleted = await store.entities.deleteEntity('service', 'svc-a');
    expect(deleted).toEqual({ before: replaced.after, after: null });
    expect(await store.entities.getEntity('service', 'svc-a')).toBeNull();
  });

  it('refuses an existing identifier without upsert, and deleting what is not there', async () => {
    const store = await (await harness.createDatabase()).open();
    await store.entities.upsertEntity('service', { identifier: 'x' }, opts);
    const taken = await store.entities
      .upsertEntity('service', { identifier: 'x' }, { ...opts, upsert: false })
      .catch((e: unknown) => e);
    expect(isStoreError(taken, 'identifier_taken')).toBe(true);
    // The same identifier in another blueprint is another entity.
    await store.entities.upsertEntity('team', { identifier: 'x' }, { ...opts, upsert: false });
    const missing = await store.entities.deleteEntity('service', 'nope').catch((e: unknown) => e);
    expect(isStoreError(missing, 'not_found')).toBe(true);
    const bad = await store.entities
      .upsertEntity('service', { identifier: 'y', team: [1] as never }, opts)
      .catch((e: unknown) => e);
    expect(isStoreError(bad, 'invalid_request')).toBe(true);
  });

  it('creates missing related entities when asked and the target blueprint is known', async () => {
    const store = await (await harness.createDatabase()).open();
    const result = await store.entities.upsertEntity(
      'service',
      { identifier: 'svc', relations: { domain: 'pay', owners: ['t1', 't2'] } },
      { ...opts, createMissingRelatedEntities: true, relationTargets: { domain: 'domain' } },
    );
    expect(result.created.map((c) => c.after?.identifier)).toEqual(['pay']);
    expect(await store.entities.getEntity('domain', 'pay')).toMatchObject({ blueprint: 'domain' });
  });

  it('searches with Port rules: and/or, =, !=, in, contains, isEmpty, between, relatedTo', async () => {
    const clock = new TestClock();
    const store = await (await harness.createDatabase()).open({ now: clock.now });
    const put = (
      bp: string,
      id: string,
      properties: Record<string, unknown>,
      relations: Record<string, string> = {},
    ) =>
      store.entities.upsertEntity(
        bp,
        { identifier: id, title: id.toUpperCase(), properties, relations },
        opts,
      );
    await put('service', 'api', { tier: 'gold', lang: 'go', tags: ['a', 'b'] }, { domain: 'pay' });
    clock.advance(40 * 86_400_000);
    await put('service', 'web', { tier: 'silver', lang: 'ts', tags: [] }, { domain: 'pay' });
    await put('service', 'db', { tier: 'gold', lang: null }, { domain: 'core' });
    await put('domain', 'pay', {});
    await put('domain', 'core', {}, { owner: 'api' });
    const ids = async (query: EntitySearchQuery) =>
      (await store.entities.searchEntities(query)).map((e) => `${e.blueprint}/${e.identifier}`);
    const bp = { property: '$blueprint', operator: '=', value: 'service' };
    expect(
      await ids({
        combinator: 'and',
        rules: [bp, { property: 'tier', operator: '=', value: 'gold' }],
      }),
    ).toEqual(['service/api', 'service/db']);
    expect(
      await ids({
        combinator: 'and',
        rules: [bp, { property: 'tier', operator: '!=', value: 'gold' }],
      }),
    ).toEqual(['service/web']);
    expect(
      await ids({
        combinator: 'and',
        rules: [{ property: '$identifier', operator: 'in', value: ['web', 'pay'] }],
      }),
    ).toEqual(['domain/pay', 'service/web']);
    expect(
      await ids({
        combinator: 'and',
        rules: [bp, { property: '$title', operator: 'contains', value: 'E' }],
      }),
    ).toEqual(['service/web']);
    expect(
      await ids({ combinator: 'and', rules: [bp, { property: 'lang', operator: 'isEmpty' }] }),
    ).toEqual(['service/db']);
    expect(
      await ids({
        combinator: 'and',
        rules: [bp, { property: 'tags', operator: 'containsAny', value: ['b'] }],
      }),
    ).toEqual(['service/api']);
    expect(
      await ids({
        combinator: 'or',
        rules: [
          { property: 'lang', operator: '=', value: 'go' },
          { combinator: 'and', rules: [bp, { property: 'tier', operator: '=', value: 'silver' }] },
        ],
      }),
    ).toEqual(['service/api', 'service/web']);
    expect(
      await ids({
        combinator: 'and',
        rules: [bp, { property: '$createdAt', operator: 'between', value: { preset: 'lastWeek' } }],
      }),
    ).toEqual(['service/db', 'service/web']);
    expect(
      await ids({
        combinator: 'and',
        rules: [
          bp,
          {
            property: '$createdAt',
            operator: 'between',
            value: { from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z' },
          },
        ],
      }),
    ).toEqual(['service/api']);
    // downstream: services whose relation points at domain "pay"; upstream: what "core" points at.
    expect(
      await ids({
        combinator: 'and',
        rules: [
          bp,
          { operator: 'relatedTo', blueprint: 'domain', value: 'pay', direction: 'downstream' },
        ],
      }),
    ).toEqual(['service/api', 'service/web']);
    expect(
      await ids({
        combinator: 'and',
        rules: [
          bp,
          { operator: 'relatedTo', blueprint: 'domain', value: 'core', direction: 'upstream' },
        ],
      }),
    ).toEqual(['service/api']);
    expect(
      await ids({
        combinator: 'and',
        rules: [bp, { operator: 'relatedTo', blueprint: 'domain', value: 'core' }],
      }),
    ).toEqual(['service/api', 'service/db']);
    expect(
      await store.entities.searchEntities(
        { combinator: 'and', rules: [bp] },
        { limit: 1, offset: 1 },
      ),
    ).toHaveLength(1);
  });

  it('refuses a malformed search with the rule that is wrong', async () => {
    const store = await (await harness.createDatabase()).open();
    const error = await store.entities
      .searchEntities({ combinator: 'and', rules: [{ property: 'x', operator: 'like', value: 1 }] })
      .catch((e: unknown) => e);
    expect(isStoreError(error, 'invalid_request')).toBe(true);
    expect((error as Error).message).toMatch(/rules\[0\]\.operator "like" is not supported/);
  });

  it("writes an event's catalog change with the event, once; in one batch the last change wins", async () => {
    const store = await (await harness.createDatabase()).open();
    const entity = (identifier: string, n: number, title = `v${n}`) => ({
      identifier,
      title,
      icon: null,
      blueprint: 'service',
      team: ['t'],
      properties: { n },
      relations: { dep: ['x'] },
      createdAt: '2024-05-01T00:00:00.000Z',
      createdBy: null,
      updatedAt: '2024-05-02T00:00:00.000Z',
      updatedBy: 'u',
    });
    const event = (id: string, catalog: IncomingEvent['catalog']) =>
      store.recordEvent({ id, source: 'http', body: { id }, ...(catalog ? { catalog } : {}) }, []);
    await event('e0', { put: entity('b', 0) });
    expect(await store.entities.getEntity('service', 'b')).toEqual(entity('b', 0));
    // Together, so PostgreSQL writes them as one statement (SQLite, in order, in one commit).
    const results = await Promise.all([
      event('e1', { put: entity('a', 1) }),
      event('e2', { put: entity('a', 2) }),
      event('e3', { remove: { blueprint: 'service', identifier: 'b' } }),
      event('e4', { put: entity('c', 4, 'nul \u0000 in a title') }),
      event('e5', undefined),
    ]);
    expect(results.map((r) => r.created)).toEqual([true, true, true, true, true]);
    expect(await store.entities.getEntity('service', 'a')).toEqual(entity('a', 2));
    expect(await store.entities.getEntity('service', 'b')).toBeNull();
    // PostgreSQL text cannot hold U+0000: there it is U+FFFD; the event is not refused for it.
    const title = (await store.entities.getEntity('service', 'c'))?.title;
    expect(['nul \u0000 in a title', 'nul \ufffd in a title']).toContain(title);
    // A repeated event id changes nothing, catalog included; a new one after it applies.
    expect((await event('e1', { put: entity('a', 9) })).created).toBe(false);
    expect((await event('e3', { put: entity('b', 9) })).created).toBe(false);
    expect(await store.entities.getEntity('service', 'a')).toEqual(entity('a', 2));
    expect(await store.entities.getEntity('service', 'b')).toBeNull();
    await event('e6', { put: entity('b', 6) });
    expect(await store.entities.getEntity('service', 'b')).toEqual(entity('b', 6));
    expect((await store.entities.listEntities('service')).map((e) => e.identifier)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
}
