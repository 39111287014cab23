import type { Definition, Automation } from '../../core/definitions/definition.js';
import type { Problem } from '../../core/definitions/problem.js';
import type { ActiveAutomation, DefinitionOrigin } from '../../core/match/active-automation.js';
import { AutomationIndex } from '../../core/match/automation-index.js';
import type { RunListenerSource, RunListeners } from '../store/chain-entry.js';

/** One definition in an active set. */
export interface ActiveDefinition {
  readonly definition: Definition;
  readonly origin: DefinitionOrigin;
}

/** What the last load of a source did: shown by `GET /v1/automations`. */
export interface LoadResult {
  readonly source: string;
  readonly at: string;
  /** Whether the load was activated; false keeps the previous set. */
  readonly activated: boolean;
  readonly definitions: number;
  readonly errors: readonly Problem[];
  readonly warnings: number;
  readonly commit?: string;
}

/**
 * The active definition sets, one per source (the local folder, each GitHub repository),
 * replaced atomically, and the automation index built from all of them.
 */
export class DefinitionRegistry implements RunListenerSource {
  private readonly sets = new Map<string, readonly ActiveDefinition[]>();
  private readonly results = new Map<string, LoadResult>();
  private automationIndex = new AutomationIndex([]);
  private byIdentifier = new Map<string, ActiveDefinition>();
  private listening: RunListeners = runListenersOf([]);
  private readonly listeners = new Set<() => void>();

  /** Replaces a source's set (all or nothing) and records the load. */
  activate(source: string, definitions: readonly ActiveDefinition[], result: LoadResult): void {
    this.sets.set(source, definitions);
    this.results.set(source, result);
    this.rebuild();
  }

  /** Records a load that was not activated (the previous set stays). */
  reject(result: LoadResult): void {
    this.results.set(result.source, result);
  }

  remove(source: string): void {
    this.sets.delete(source);
    this.results.delete(source);
    this.rebuild();
  }

  get index(): AutomationIndex {
    return this.automationIndex;
  }

  /** A definition by identifier; `owner/repo:identifier` names one in a repository. */
  find(identifier: string): ActiveDefinition | undefined {
    return this.byIdentifier.get(identifier);
  }

  all(): ActiveDefinition[] {
    return [...this.sets.values()].flat();
  }

  /**
   * The actions whose RUN_CREATED (`CREATE`) or RUN_UPDATED (`UPDATE`) some automation listens
   * to (ANY_RUN_CHANGE counts for both; published or not, as the index's candidates).
   */
  runListeners(): RunListeners {
    return this.listening;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  loadResults(): LoadResult[] {
    return [...this.results.values()];
  }

  private rebuild(): void {
    const all = this.all();
    const automations = all.filter(
      (d): d is ActiveAutomation & { definition: Automation } =>
        d.definition.trigger.type === 'automation',
    );
    this.automationIndex = new AutomationIndex(automations);
    this.listening = runListenersOf(automations);
    const byIdentifier = new Map<string, ActiveDefinition>();
    for (const entry of all) {
      const scoped = entry.origin.repository
        ? `${entry.origin.repository}:${entry.definition.identifier}`
        : undefined;
      if (scoped) byIdentifier.set(scoped, entry);
      if (!byIdentifier.has(entry.definition.identifier))
        byIdentifier.set(entry.definition.identifier, entry);
    }
    this.byIdentifier = byIdentifier;
    for (const listener of this.listeners) listener();
  }
}

function runListenersOf(automations: readonly ActiveAutomation[]): RunListeners {
  const CREATE = new Set<string>();
  const UPDATE = new Set<string>();
  for (const { definition } of automations) {
    const { type, actionIdentifier = '' } = definition.trigger.event;
    if (type === 'RUN_CREATED' || type === 'ANY_RUN_CHANGE') CREATE.add(actionIdentifier);
    if (type === 'RUN_UPDATED' || type === 'ANY_RUN_CHANGE') UPDATE.add(actionIdentifier);
  }
  return { CREATE, UPDATE };
}
