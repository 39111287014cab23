import { useState } from 'preact/hooks';
import { api } from '../api.js';
import type { Decision, EventDetail } from '../api-types.js';
import { ErrorNotice } from '../parts/error-notice.js';
import { JsonBlock } from '../parts/json-block.js';
import { usePageTitle } from '../parts/page-title.js';
import { TimeText } from '../parts/time-text.js';
import { useApi } from '../use-api.js';

const OUTCOMES: Readonly<Record<Decision['outcome'], string>> = {
  matched: 'Fired',
  'event-type': 'Not fired: event type differs',
  blueprint: 'Not fired: blueprint differs',
  disabled: 'Not fired: disabled (publish: false)',
  condition: 'Not fired: condition false',
  'render-error': 'Not fired: render error',
  duplicate: 'Not fired: duplicate',
};

type ReplayResult =
  | { kind: 'ok'; dryRun: boolean; decisions: Decision[]; runIds: string[] }
  | { kind: 'error'; text: string };

/** One event: what every loaded automation decides for it now, and replay. */
export function EventPage({ id }: { id: string }) {
  usePageTitle(`Event ${id}`);
  const path = `/v1/events/${encodeURIComponent(id)}`;
  const event = useApi<{ event: EventDetail }>(path);
  const decisions = useApi<{ decisions: Decision[] }>(`${path}/decisions`);
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ReplayResult | undefined>();

  const replay = async (dryRun: boolean): Promise<void> => {
    setBusy(true);
    setResult(undefined);
    try {
      const answer = await api<{ decisions: Decision[]; runIds: string[] }>(`${path}/replay`, {
        method: 'POST',
        body: { dryRun, ...(force ? { force: true } : {}) },
      });
      setResult({ kind: 'ok', dryRun, decisions: answer.decisions, runIds: answer.runIds });
      if (!dryRun) {
        event.reload();
        decisions.reload();
      }
    } catch (error) {
      setResult({
        kind: 'error',
        text: `${dryRun ? 'Dry run' : 'Replay'} failed: ${(error as Error).message}`,
      });
    } finally {
      setBusy(false);
    }
  };

  const data = event.data?.event;
  return (
    <>
      <p class="breadcrumb">
        <a href="/events">Events</a> / <span class="mono">{id}</span>
      </p>
      <h1>
        Event <span class="mono">{id}</span>
      </h1>
      {event.error ? <ErrorNotice error={event.error} what="this event" /> : null}
      {data ? (
        <dl class="facts">
          <dt>Type</dt>
          <dd>{data.type ?? '—'}</dd>
          <dt>Source</dt>
          <dd>{data.source}</dd>
          <dt>Received</dt>
          <dd>
            <TimeText iso={data.receivedAt} />
          </dd>
          <dt>Entity</dt>
          <dd class="mono">
            {data.entity ?? '—'}
            {data.blueprint ? ` (${data.blueprint})` : ''}
          </dd>
          <dt>Runs</dt>
          <dd>
            {data.runIds.length === 0
              ? 'none'
              : data.runIds.map((runId, index) => (
                  <span key={runId}>
                    {index > 0 ? ', ' : ''}
                    <a class="mono" href={`/runs/${encodeURIComponent(runId)}`}>
                      {runId}
                    </a>
                  </span>
                ))}
          </dd>
          {data.duplicates > 0 ? (
            <>
              <dt>Duplicates</dt>
              <dd>received {data.duplicates} more time(s) with the same id</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {data ? <JsonBlock summary="Event body" value={data.body} /> : null}

      <section aria-labelledby="decisions-heading">
        <h2 id="decisions-heading">Decisions</h2>
        <p class="muted">
          What every loaded automation decides for this event with the current definitions.
        </p>
        {decisions.error ? <ErrorNotice error={decisions.error} what="the decisions" /> : null}
        {decisions.data ? (
          <DecisionTable decisions={decisions.data.decisions} caption="Decisions" />
        ) : null}
        {decisions.loading && !decisions.data ? <p role="status">Deciding…</p> : null}
      </section>

      <section aria-labelledby="replay-heading">
        <h2 id="replay-heading">Replay</h2>
        <p class="muted">
          A dry run shows the decisions without creating runs. Replay creates a run for every
          automation that fires, except where this event already has one.
        </p>
        <div class="toolbar">
          <button
            type="button"
            class="button-secondary"
            disabled={busy}
            onClick={() => void replay(true)}
          >
            Dry run
          </button>
          <button type="button" disabled={busy} onClick={() => void replay(false)}>
            Replay
          </button>
          <label class="checkbox">
            <input
              type="checkbox"
              checked={force}
              onChange={(e) => setForce((e.currentTarget as HTMLInputElement).checked)}
            />
            Force (create runs even where this event already has one)
          </label>
        </div>
        <div role="status" aria-live="polite">
          {result?.kind === 'error' ? <p class="notice notice-error">{result.text}</p> : null}
          {result?.kind === 'ok' ? (
            <div class="notice notice-ok">
              <p>
                {result.dryRun
                  ? 'Dry run done: no runs were created.'
                  : result.runIds.length === 0
                    ? 'Replay done: no new runs.'
                    : `Replay done: ${result.runIds.length} new run(s): `}
                {result.runIds.map((runId, index) => (
                  <span key={runId}>
                    {index > 0 ? ', ' : ''}
                    <a class="mono" href={`/runs/${encodeURIComponent(runId)}`}>
                      {runId}
                    </a>
                  </span>
                ))}
              </p>
            </div>
          ) : null}
        </div>
        {result?.kind === 'ok' ? (
          <DecisionTable
            decisions={result.decisions}
            caption={result.dryRun ? 'Dry run result' : 'Replay result'}
          />
        ) : null}
        {data?.replays && data.replays.length > 0 ? (
          <>
            <h3>Earlier replays</h3>
            <ul>
              {data.replays.map((replay, index) => (
                <li key={index}>
                  <TimeText iso={replay.at} /> by {replay.by ?? 'someone'}:{' '}
                  {replay.dryRun ? 'dry run' : `replay, ${replay.runIds.length} run(s)`}
                  {replay.force ? ' (forced)' : ''}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </>
  );
}

function DecisionTable({
  decisions,
  caption,
}: {
  decisions: readonly Decision[];
  caption: string;
}) {
  if (decisions.length === 0) return <p class="muted">No automations are loaded.</p>;
  return (
    <div class="table-wrap">
      <table class="decisions">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Automation</th>
            <th scope="col">Outcome</th>
            <th scope="col">Reason</th>
            <th scope="col">Conditions</th>
            <th scope="col">Run</th>
          </tr>
        </thead>
        <tbody>
          {decisions.map((decision) => (
            <tr
              key={decision.automation}
              data-automation={decision.automation}
              data-outcome={decision.outcome}
            >
              <th scope="row">
                <div class="mono">{decision.automation}</div>
                {decision.source ? <div class="muted mono">{decision.source}</div> : null}
              </th>
              <td>
                <span
                  class={`outcome outcome-${decision.outcome === 'matched' ? 'fired' : 'skipped'}`}
                >
                  <span aria-hidden="true">{decision.outcome === 'matched' ? '✓ ' : '– '}</span>
                  {OUTCOMES[decision.outcome] ?? decision.outcome}
                </span>
              </td>
              <td>
                {decision.reason}
                {decision.renderError ? (
                  <div>
                    at <code>{decision.renderError.path}</code>: {decision.renderError.message}
                  </div>
                ) : null}
              </td>
              <td>
                {decision.conditions && decision.conditions.length > 0 ? (
                  <ul class="conditions">
                    {decision.conditions.map((condition, index) => (
                      <li key={index}>
                        <code>{condition.expression}</code> →{' '}
                        <code>
                          {condition.error
                            ? `error: ${condition.error}`
                            : JSON.stringify(condition.value)}
                        </code>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span class="muted">—</span>
                )}
              </td>
              <td>
                {decision.runId ? (
                  <a class="mono" href={`/runs/${encodeURIComponent(decision.runId)}`}>
                    {decision.runId}
                  </a>
                ) : (
                  <span class="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
