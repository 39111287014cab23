import { queryString } from '../api.js';
import type { Automation, DefinitionSets, LoadResult, Problem } from '../api-types.js';
import { ErrorNotice } from '../parts/error-notice.js';
import { usePageTitle } from '../parts/page-title.js';
import { StatusBadge } from '../parts/status-badge.js';
import { TimeText } from '../parts/time-text.js';
import { useApi } from '../use-api.js';

/** Every loaded definition with its numbers, and how each definition set last loaded. */
export function AutomationsPage() {
  usePageTitle('Automations');
  const list = useApi<{ automations: Automation[]; loads: LoadResult[] }>('/v1/automations');
  const sets = useApi<DefinitionSets>('/v1/definition-sets');
  return (
    <>
      <h1>Automations</h1>
      {list.error ? <ErrorNotice error={list.error} what="the automations" /> : null}
      {list.data ? <AutomationTable automations={list.data.automations} /> : null}
      {list.loading && !list.data ? <p role="status">Loading…</p> : null}

      <section aria-labelledby="sets-heading">
        <h2 id="sets-heading">Definition sets</h2>
        {sets.data ? (
          <DefinitionSetTables sets={sets.data} />
        ) : list.data ? (
          <LoadTable loads={list.data.loads} />
        ) : null}
      </section>
    </>
  );
}

function AutomationTable({ automations }: { automations: readonly Automation[] }) {
  if (automations.length === 0) return <p class="empty">No definitions are loaded.</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">Loaded definitions</caption>
        <thead>
          <tr>
            <th scope="col">Automation</th>
            <th scope="col">Source</th>
            <th scope="col">Trigger</th>
            <th scope="col">Backend</th>
            <th scope="col">Enabled</th>
            <th scope="col">Runs (24 h)</th>
            <th scope="col">Success rate (24 h)</th>
            <th scope="col">Last run</th>
          </tr>
        </thead>
        <tbody>
          {automations.map((automation) => {
            const enabled = automation.enabled ?? automation.publish;
            const trigger =
              automation.kind === 'automation'
                ? `${automation.event?.type ?? '?'}${automation.event?.blueprintIdentifier ? ` on ${automation.event.blueprintIdentifier}` : ''}`
                : `self-service ${automation.operation ?? ''}${automation.blueprintIdentifier ? ` on ${automation.blueprintIdentifier}` : ''}`;
            return (
              <tr key={automation.identifier}>
                <th scope="row">
                  <a href={`/runs${queryString({ automation: automation.identifier })}`}>
                    {automation.title ?? automation.identifier}
                  </a>
                  <div class="muted mono">{automation.identifier}</div>
                </th>
                <td class="mono">{automation.source ?? automation.origin.file}</td>
                <td>
                  {trigger}
                  {automation.kind === 'self-service' ? (
                    <div>
                      <a href={`/actions/${encodeURIComponent(automation.identifier)}`}>Run it</a>
                    </div>
                  ) : null}
                </td>
                <td>{automation.backend}</td>
                <td>{enabled ? 'Yes' : 'No (publish: false)'}</td>
                <td>{automation.runs24h ?? '—'}</td>
                <td>
                  {automation.successRate24h === null || automation.successRate24h === undefined
                    ? '—'
                    : `${Math.round(automation.successRate24h * 100)} %`}
                </td>
                <td>
                  {automation.lastRun ? (
                    <>
                      <a class="mono" href={`/runs/${encodeURIComponent(automation.lastRun.id)}`}>
                        {automation.lastRun.id}
                      </a>
                      <div>
                        <StatusBadge status={automation.lastRun.status} />{' '}
                        <TimeText iso={automation.lastRun.createdAt} />
                      </div>
                    </>
                  ) : (
                    <span class="muted">never</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function ProblemList({ problems }: { problems: readonly Problem[] }) {
  if (problems.length === 0) return <span>No errors</span>;
  return (
    <ul class="problems">
      {problems.map((problem, index) => (
        <li key={index}>
          <code>
            {problem.file}:{problem.line}:{problem.column}
          </code>{' '}
          {problem.message}
          {problem.rule ? <span class="muted"> ({problem.rule})</span> : null}
        </li>
      ))}
    </ul>
  );
}

function DefinitionSetTables({ sets }: { sets: DefinitionSets }) {
  return (
    <>
      <h3>Repositories</h3>
      {sets.repositories.length === 0 ? (
        <p class="muted">No repositories are synced.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Repository</th>
                <th scope="col">Status</th>
                <th scope="col">Commit</th>
                <th scope="col">Synced</th>
                <th scope="col">Definitions</th>
                <th scope="col">Errors</th>
              </tr>
            </thead>
            <tbody>
              {sets.repositories.map((set) => (
                <tr key={set.repository}>
                  <th scope="row" class="mono">
                    {set.repository}
                  </th>
                  <td>{set.status}</td>
                  <td class="mono">{set.commit ? set.commit.slice(0, 12) : '—'}</td>
                  <td>
                    <TimeText iso={set.syncedAt} />
                  </td>
                  <td>{set.definitions ?? '—'}</td>
                  <td>
                    <ProblemList problems={set.errors} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Local folder</h3>
      {sets.local === null ? (
        <p class="muted">No local folder is loaded.</p>
      ) : (
        <dl class="facts">
          <dt>Folder</dt>
          <dd class="mono">{sets.local.folder}</dd>
          <dt>Last load</dt>
          <dd>
            <TimeText iso={sets.local.loadedAt} />
            {sets.local.activated === false ? ' (rejected: the previous set stays active)' : ''}
          </dd>
          <dt>Definitions</dt>
          <dd>{sets.local.definitions ?? '—'}</dd>
          <dt>Load errors</dt>
          <dd>
            <ProblemList problems={sets.local.errors} />
          </dd>
        </dl>
      )}
    </>
  );
}

function LoadTable({ loads }: { loads: readonly LoadResult[] }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Loaded</th>
            <th scope="col">Active</th>
            <th scope="col">Definitions</th>
            <th scope="col">Errors</th>
          </tr>
        </thead>
        <tbody>
          {loads.map((load) => (
            <tr key={load.source}>
              <th scope="row" class="mono">
                {load.source}
              </th>
              <td>
                <TimeText iso={load.at} />
              </td>
              <td>{load.activated ? 'Yes' : 'No: the previous set stays active'}</td>
              <td>{load.definitions}</td>
              <td>
                <ProblemList problems={load.errors} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
