import { useRef, useState } from 'preact/hooks';
import { queryString } from '../api.js';
import type { EventSummary } from '../api-types.js';
import { ErrorNotice } from '../parts/error-notice.js';
import { usePageTitle } from '../parts/page-title.js';
import { TimeText } from '../parts/time-text.js';
import { navigate } from '../router.js';
import { useApi } from '../use-api.js';
import { useLive } from '../use-live.js';

const FILTERS = ['entity', 'blueprint', 'type', 'q'] as const;

/** Every received event, newest first, searchable by entity: the way into "why didn't it fire". */
export function EventsPage({ query }: { query: URLSearchParams }) {
  usePageTitle('Events');
  const filters = Object.fromEntries(FILTERS.map((name) => [name, query.get(name) ?? '']));
  const next = query.get('next');
  const list = useApi<{ events: EventSummary[]; next?: string }>(
    `/v1/events${queryString({ ...filters, next, limit: '50' })}`,
  );
  const pending = useRef<number | undefined>(undefined);
  const refresh = (): void => {
    if (pending.current !== undefined || next) return;
    pending.current = window.setTimeout(() => {
      pending.current = undefined;
      list.reload();
    }, 200);
  };
  useLive({ onEvent: refresh, onPoll: refresh });
  return (
    <>
      <h1>Events</h1>
      <p class="muted">
        Every event received (HTTP, Kafka, timers, run events). Open one to see what each automation
        decided and why.
      </p>
      <EventFilters key={queryString(filters)} filters={filters} />
      {list.error ? <ErrorNotice error={list.error} what="the events" /> : null}
      {list.data ? (
        list.data.events.length === 0 ? (
          <p class="empty">No events match.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Events, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">Event</th>
                  <th scope="col">Type</th>
                  <th scope="col">Source</th>
                  <th scope="col">Entity</th>
                  <th scope="col">Blueprint</th>
                  <th scope="col">Runs</th>
                </tr>
              </thead>
              <tbody>
                {list.data.events.map((event) => (
                  <tr key={event.id} data-event-id={event.id}>
                    <td>
                      <TimeText iso={event.receivedAt} />
                    </td>
                    <td>
                      <a class="mono" href={`/events/${encodeURIComponent(event.id)}`}>
                        {event.id}
                      </a>
                    </td>
                    <td>{event.type ?? '—'}</td>
                    <td>{event.source}</td>
                    <td class="mono">{event.entity ?? '—'}</td>
                    <td>{event.blueprint ?? '—'}</td>
                    <td>
                      {event.runIds.length === 0
                        ? 'none'
                        : `${event.runIds.length} run${event.runIds.length === 1 ? '' : 's'}`}
                      {event.duplicates > 0 ? (
                        <div class="muted">received {event.duplicates + 1} times</div>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : list.loading ? (
        <p role="status">Loading events…</p>
      ) : null}
      <nav class="pager" aria-label="Pages">
        {next ? <a href={`/events${queryString(filters)}`}>First page</a> : null}
        {list.data?.next ? (
          <a href={`/events${queryString({ ...filters, next: list.data.next })}`} rel="next">
            Next page
          </a>
        ) : null}
      </nav>
    </>
  );
}

function EventFilters({ filters }: { filters: Record<string, string> }) {
  const [values, setValues] = useState(filters);
  const bind = (name: string) => ({
    id: `event-filter-${name}`,
    name,
    value: values[name] ?? '',
    onInput: (event: Event) =>
      setValues((now) => ({ ...now, [name]: (event.currentTarget as HTMLInputElement).value })),
  });
  const submit = (event: Event): void => {
    event.preventDefault();
    const trimmed = Object.fromEntries(
      Object.entries(values).map(([key, value]) => [key, value.trim()]),
    );
    navigate(`/events${queryString(trimmed)}`);
  };
  return (
    <form
      class="filters"
      role="search"
      aria-label="Search events"
      action="/events"
      onSubmit={submit}
    >
      <div class="field">
        <label for="event-filter-entity">Entity identifier</label>
        <input {...bind('entity')} type="search" />
      </div>
      <div class="field">
        <label for="event-filter-blueprint">Blueprint</label>
        <input {...bind('blueprint')} />
      </div>
      <div class="field">
        <label for="event-filter-type">Event type</label>
        <select {...bind('type')} onChange={bind('type').onInput}>
          <option value="">All types</option>
          {[
            'ENTITY_CREATED',
            'ENTITY_UPDATED',
            'ENTITY_DELETED',
            'TIMER_PROPERTY_EXPIRED',
            'RUN_CREATED',
            'RUN_UPDATED',
          ].map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="event-filter-q">Event id</label>
        <input {...bind('q')} />
      </div>
      <div class="form-actions">
        <button type="submit">Search</button>
        <a href="/events">Clear</a>
      </div>
    </form>
  );
}
