import { useMemo, useRef, useState } from 'preact/hooks';
import { queryString } from '../api.js';
import { RUN_STATUSES, type Automation, type Run } from '../api-types.js';
import { ErrorNotice } from '../parts/error-notice.js';
import { formatDuration, fromLocalInput, toLocalInput } from '../parts/format.js';
import { usePageTitle } from '../parts/page-title.js';
import { StatusBadge, statusText } from '../parts/status-badge.js';
import { TimeText } from '../parts/time-text.js';
import { navigate } from '../router.js';
import { useApi } from '../use-api.js';
import { useLive, type LiveState } from '../use-live.js';

/** The filters the URL carries (so a filtered view can be shared). */
const FILTERS = ['status', 'automation', 'blueprint', 'entity', 'from', 'to', 'q'] as const;
const PAGE_SIZE = 50;

/** Runs, newest first: filters in the URL, keyset paging, live updates. */
export function RunsPage({ query }: { query: URLSearchParams }) {
  usePageTitle('Runs');
  const filters = Object.fromEntries(FILTERS.map((name) => [name, query.get(name) ?? '']));
  const next = query.get('next');
  const apiPath = `/v1/actions/runs${queryString({
    status: filters.status,
    action: filters.automation,
    blueprint: filters.blueprint,
    entity: filters.entity,
    from: filters.from,
    to: filters.to,
    q: filters.q,
    next,
    limit: String(PAGE_SIZE),
  })}`;
  const list = useApi<{ runs: Run[]; next?: string }>(apiPath);
  const automations = useApi<{ automations: Automation[] }>('/v1/automations');
  const pending = useRef<number | undefined>(undefined);
  const refresh = (): void => {
    if (pending.current !== undefined) return;
    pending.current = window.setTimeout(() => {
      pending.current = undefined;
      list.reload();
    }, 200);
  };
  // The first page follows new runs and every status change; later pages only refresh.
  const live = useLive({ onRun: refresh, onPoll: refresh });
  const filtered = FILTERS.some((name) => filters[name] !== '');

  return (
    <>
      <h1>Runs</h1>
      <RunFilters
        key={queryString(filters)}
        filters={filters}
        automations={automations.data?.automations ?? []}
      />
      <LiveNote state={live} />
      {list.error ? <ErrorNotice error={list.error} what="the runs" /> : null}
      {list.data ? (
        list.data.runs.length === 0 ? (
          <p class="empty">
            {filtered || next
              ? 'No runs match these filters.'
              : 'No runs yet: they appear here as events arrive.'}
          </p>
        ) : (
          <RunTable runs={list.data.runs} />
        )
      ) : list.loading ? (
        <p role="status">Loading runs…</p>
      ) : null}
      <nav class="pager" aria-label="Pages">
        {next ? <a href={`/runs${queryString({ ...filters })}`}>First page</a> : null}
        {list.data?.next ? (
          <a href={`/runs${queryString({ ...filters, next: list.data.next })}`} rel="next">
            Next page
          </a>
        ) : null}
      </nav>
    </>
  );
}

function LiveNote({ state }: { state: LiveState }) {
  const text =
    state === 'live'
      ? 'Live: new runs and status changes appear as they happen.'
      : state === 'polling'
        ? 'Live stream unavailable: refreshing every 5 seconds.'
        : 'Connecting to the live stream…';
  return (
    <p class={`live live-${state}`} role="status">
      {text}
    </p>
  );
}

function RunFilters({
  filters,
  automations,
}: {
  filters: Record<string, string>;
  automations: readonly Automation[];
}) {
  const identifiers = useMemo(
    () => automations.map((automation) => automation.identifier),
    [automations],
  );
  // The fields as typed (kept across live re-renders); the URL changes only on submit.
  const [values, setValues] = useState<Record<string, string>>(() => ({
    ...filters,
    from: toLocalInput(filters.from ?? ''),
    to: toLocalInput(filters.to ?? ''),
  }));
  const bind = (name: string) => ({
    id: `filter-${name}`,
    name,
    value: values[name] ?? '',
    onInput: (event: Event) =>
      setValues((now) => ({ ...now, [name]: (event.currentTarget as HTMLInputElement).value })),
  });
  const submit = (event: Event): void => {
    event.preventDefault();
    const value = (name: string): string => (values[name] ?? '').trim();
    navigate(
      `/runs${queryString({
        status: value('status'),
        automation: value('automation'),
        blueprint: value('blueprint'),
        entity: value('entity'),
        from: fromLocalInput(value('from')),
        to: fromLocalInput(value('to')),
        q: value('q'),
      })}`,
    );
  };
  return (
    <form class="filters" role="search" aria-label="Filter runs" onSubmit={submit} action="/runs">
      <div class="field">
        <label for="filter-status">Status</label>
        <select {...bind('status')} onChange={bind('status').onInput}>
          <option value="">All statuses</option>
          {RUN_STATUSES.map((status) => (
            <option key={status} value={status}>
              {statusText(status)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="filter-automation">Automation</label>
        <input {...bind('automation')} list="automation-identifiers" autoComplete="off" />
        <datalist id="automation-identifiers">
          {identifiers.map((identifier) => (
            <option key={identifier} value={identifier} />
          ))}
        </datalist>
      </div>
      <div class="field">
        <label for="filter-blueprint">Blueprint</label>
        <input {...bind('blueprint')} />
      </div>
      <div class="field">
        <label for="filter-entity">Entity</label>
        <input {...bind('entity')} />
      </div>
      <div class="field">
        <label for="filter-from">Started from</label>
        <input {...bind('from')} type="datetime-local" />
      </div>
      <div class="field">
        <label for="filter-to">Started before</label>
        <input {...bind('to')} type="datetime-local" />
      </div>
      <div class="field field-wide">
        <label for="filter-q">Run or event id</label>
        <input {...bind('q')} type="search" placeholder="r_… or an event id" />
      </div>
      <div class="form-actions">
        <button type="submit">Apply filters</button>
        <a href="/runs">Clear filters</a>
      </div>
    </form>
  );
}

/** The runs as a table: one row per run, its id linking to the run's page. */
export function RunTable({ runs }: { runs: readonly Run[] }) {
  return (
    <div class="table-wrap">
      <table class="runs">
        <caption class="visually-hidden">Runs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Run</th>
            <th scope="col">Automation</th>
            <th scope="col">Trigger event</th>
            <th scope="col">Entity</th>
            <th scope="col">Backend</th>
            <th scope="col">Started</th>
            <th scope="col">Duration</th>
            <th scope="col">Attempts</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-run-id={run.id}>
              <td>
                <StatusBadge status={run.status} />
                {run.statusLabel ? <div class="muted">{run.statusLabel}</div> : null}
              </td>
              <td>
                <a href={`/runs/${encodeURIComponent(run.id)}`} class="mono">
                  {run.id}
                </a>
              </td>
              <td>
                <div>{run.action.title ?? run.action.identifier}</div>
                <div class="muted mono">{run.definitionSource ?? run.action.identifier}</div>
              </td>
              <td>
                {run.eventId ? (
                  <>
                    <a href={`/events/${encodeURIComponent(run.eventId)}`} class="mono">
                      {run.eventId}
                    </a>
                    {run.eventType ? <div class="muted">{run.eventType}</div> : null}
                  </>
                ) : (
                  <span class="muted">{run.eventType ?? 'none'}</span>
                )}
              </td>
              <td>
                {run.entity ? (
                  <>
                    <span class="mono">{run.entity.identifier}</span>
                    {run.blueprint ? <div class="muted">{run.blueprint.identifier}</div> : null}
                  </>
                ) : (
                  <span class="muted">—</span>
                )}
              </td>
              <td>{run.backend ?? '—'}</td>
              <td>
                <TimeText iso={run.createdAt} />
              </td>
              <td>
                {formatDuration(
                  run.durationMs ??
                    (run.endedAt ? Date.parse(run.endedAt) - Date.parse(run.createdAt) : null),
                )}
              </td>
              <td>{run.attempts ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
