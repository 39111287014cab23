import { expect, it } from 'vitest';
import type { StoreHarness } from './store-fixtures.js';

const definition = (identifier: string) => ({
  definition: { identifier, trigger: { type: 'automation' } },
  origin: { repository: 'acme/defs', file: `automations/${identifier}.json`, commit: 'c1' },
});

export function definitionSetContract(harness: StoreHarness): void {
  it('stores a synced set and lists it back, with its origins and load result', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    const saved = await store.saveDefinitionSet({
      repository: 'acme/defs',
      installationId: 12,
      syncedCommit: 'c1',
      result: { source: 'github:acme/defs', activated: true, errors: [] },
      active: { commit: 'c1', definitions: [definition('a'), definition('b')] },
    });
    expect(saved).toMatchObject({ repository: 'acme/defs', installationId: 12, commit: 'c1' });
    const [listed] = await store.listDefinitionSets();
    expect(listed).toEqual(saved);
    expect(listed!.definitions).toEqual([definition('a'), definition('b')]);
    expect(listed!.result).toEqual({ source: 'github:acme/defs', activated: true, errors: [] });
  });

  it('keeps the active set when a sync records an invalid commit, with a new revision', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    const first = await store.saveDefinitionSet({
      repository: 'acme/defs',
      installationId: 12,
      syncedCommit: 'c1',
      result: { activated: true },
      active: { commit: 'c1', definitions: [definition('a')] },
    });
    const second = await store.saveDefinitionSet({
      repository: 'acme/defs',
      installationId: 12,
      syncedCommit: 'c2',
      result: { activated: false },
    });
    expect(second.commit).toBe('c1');
    expect(second.syncedCommit).toBe('c2');
    expect(second.definitions).toEqual([definition('a')]);
    expect(second.result).toEqual({ activated: false });
    expect(second.revision).not.toBe(first.revision);
    expect(await store.listDefinitionSetRevisions()).toEqual([
      { repository: 'acme/defs', revision: second.revision },
    ]);
  });

  it('records an invalid first commit with no active set', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    const saved = await store.saveDefinitionSet({
      repository: 'acme/new',
      installationId: null,
      syncedCommit: 'c1',
      result: { activated: false },
    });
    expect(saved).toMatchObject({ commit: null, definitions: [], installationId: null });
  });

  it('lets another replica read the sets, and deletes by repository or installation', async () => {
    const db = await harness.createDatabase();
    const store = await db.open();
    const replica = await db.open();
    for (const [repository, installationId] of [
      ['acme/a', 1],
      ['acme/b', 1],
      ['other/c', 2],
    ] as const) {
      await store.saveDefinitionSet({
        repository,
        installationId,
        syncedCommit: 'c1',
        result: {},
        active: { commit: 'c1', definitions: [] },
      });
    }
    expect(
      (await replica.listDefinitionSets(['acme/b', 'nope/x'])).map((s) => s.repository),
    ).toEqual(['acme/b']);
    expect(await replica.deleteDefinitionSets({ repository: 'other/c' })).toEqual(['other/c']);
    expect(await replica.deleteDefinitionSets({ installationId: 1 })).toEqual(['acme/a', 'acme/b']);
    expect(await store.listDefinitionSets()).toEqual([]);
  });
}
