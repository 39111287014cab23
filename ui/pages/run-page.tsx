import { useEffect, useState } from 'preact/hooks';
import { api, ApiFailure, queryString } from '../api.js';
import type { Attempt, RunDetail, RunLog } from '../api-types.js';
import { ErrorNotice } from '../parts/error-notice.js';
import { formatDuration } from '../parts/format.js';
import { JsonBlock } from '../parts/json-block.js';
import { usePageTitle } from '../parts/page-title.js';
import { StatusBadge } from '../parts/status-badge.js';
import { TimeText } from '../parts/time-text.js';
import { useApi } from '../use-api.js';
import { useLive } from '../use-live.js';

const LOG_PAGE = 50;
const MAX_LOGS = 1000;

/** One run: what triggered it, the request as sent (masked), attempts, logs, chain. */
export function RunPage({ id }: { id: string }) {
  usePageTitle(`Run ${id}`);
  const path = `/v1/actions/runs/${encodeURIComponent(id)}`;
  const detail = useApi<{ run: RunDetail }>(path);
  const attempts = useApi<{ attempts: Attempt[] }>(`${path}/attempts`);
  const logs = useRunLogs(path);
  const [outcome, setOutcome] = useState<
    { kind: 'ok'; text: string; runId?: string } | { kind: 'error'; text: string } | undefined
  >();
  const [busy, setBusy] = useState(false);
  const reload = (): void => {
    detail.reload();
    attempts.reload();
    logs.reload();
  };
  useLive({ onRun: (run) => run.id === id && reload(), onPoll: reload });

  const act = async (what: 'rerun' | 'cancel'): Promise<void> => {
    setBusy(true);
    setOutcome(undefined);
    try {
      const answer = await api<{ run: RunDetail }>(`${path}/${what}`, { method: 'POST' });
      setOutcome(
        what === 'rerun'
          ? { kind: 'ok', text: `Re-run started as ${answer.run.id}.`, runId: answer.run.id }
          : { kind: 'ok', text: 'The run was cancelled.' },
      );
      reload();
    } catch (error) {
      setOutcome({
        kind: 'error',
        text: `${what === 'rerun' ? 'Re-run' : 'Cancel'} failed: ${(error as Error).message}`,
      });
    } finally {
      setBusy(false);
    }
  };

  if (detail.error) {
    return (
      <>
        <h1>Run {id}</h1>
        <ErrorNotice error={detail.error} what="this run" />
        <p>
          <a href="/runs">Back to runs</a>
        </p>
      </>
    );
  }
  const run = detail.data?.run;
  if (run === undefined) {
    return (
      <>
        <h1>Run {id}</h1>
        <p role="status">Loading…</p>
      </>
    );
  }
  // Open, and not handed to its backend yet or waiting for a retry (the server decides).
  const cancellable =
    run.endedAt === null &&
    (run.attempts === undefined || run.attempts === 0 || Boolean(run.nextAttemptAt));
  const duration =
    run.durationMs ?? (run.endedAt ? Date.parse(run.endedAt) - Date.parse(run.createdAt) : null);
  return (
    <>
      <p class="breadcrumb">
        <a href="/runs">Runs</a> / <span class="mono">{run.id}</span>
      </p>
      <h1>
        Run <span class="mono">{run.id}</span>
      </h1>
      <div class="run-status">
        <StatusBadge status={run.status} />
        {run.statusLabel ? <span class="status-label">{run.statusLabel}</span> : null}
      </div>
      {run.summary ? <p class="summary">{run.summary}</p> : null}
      <div class="toolbar">
        <button type="button" disabled={busy} onClick={() => void act('rerun')}>
          Re-run
        </button>
        <button
          type="button"
          class="button-danger"
          disabled={busy || !cancellable}
          aria-describedby="cancel-help"
          onClick={() => void act('cancel')}
        >
          Cancel
        </button>
        <span id="cancel-help" class="muted">
          {cancellable
            ? 'Cancel stops a run that is waiting for a retry or not yet delivered.'
            : run.endedAt === null
              ? 'Delivered: the run waits for its backend to report, so it cannot be cancelled here.'
              : 'This run has ended: it cannot be cancelled.'}
        </span>
      </div>
      <div role="status" aria-live="polite">
        {outcome ? (
          <p class={outcome.kind === 'ok' ? 'notice notice-ok' : 'notice notice-error'}>
            {outcome.text}{' '}
            {outcome.kind === 'ok' && outcome.runId ? (
              <a href={`/runs/${encodeURIComponent(outcome.runId)}`}>Open run {outcome.runId}</a>
            ) : null}
          </p>
        ) : null}
      </div>

      <section aria-labelledby="run-facts">
        <h2 id="run-facts">Details</h2>
        <dl class="facts">
          <dt>Automation</dt>
          <dd>
            <a href={`/runs${queryString({ automation: run.action.identifier })}`}>
              {run.action.title ?? run.action.identifier}
            </a>{' '}
            <span class="muted mono">{run.action.identifier}</span>
          </dd>
          <dt>Source</dt>
          <dd class="mono">{run.definitionSource ?? '—'}</dd>
          <dt>Trigger event</dt>
          <dd>
            {run.eventId ? (
              <a class="mono" href={`/events/${encodeURIComponent(run.eventId)}`}>
                {run.eventId}
              </a>
            ) : (
              '—'
            )}{' '}
            {run.eventType ? <span class="muted">{run.eventType}</span> : null}
          </dd>
          <dt>Entity</dt>
          <dd class="mono">
            {run.entity ? run.entity.identifier : '—'}
            {run.blueprint ? ` (${run.blueprint.identifier})` : ''}
          </dd>
          <dt>Backend</dt>
          <dd>{run.backend ?? '—'}</dd>
          <dt>Created by</dt>
          <dd>{run.createdBy ?? '—'}</dd>
          <dt>Started</dt>
          <dd>
            <TimeText iso={run.createdAt} />
          </dd>
          <dt>Ended</dt>
          <dd>
            <TimeText iso={run.endedAt} />
          </dd>
          <dt>Duration</dt>
          <dd>{formatDuration(duration)}</dd>
          <dt>Attempts</dt>
          <dd>{run.attempts ?? attempts.data?.attempts.length ?? '—'}</dd>
          {run.nextAttemptAt ? (
            <>
              <dt>Next attempt</dt>
              <dd>
                <TimeText iso={run.nextAttemptAt} />
              </dd>
            </>
          ) : null}
          {run.externalRunId ? (
            <>
              <dt>External run id</dt>
              <dd class="mono">{run.externalRunId}</dd>
            </>
          ) : null}
        </dl>
      </section>

      <section aria-labelledby="run-links">
        <h2 id="run-links">Links</h2>
        {run.link.length === 0 ? (
          <p class="muted">No links.</p>
        ) : (
          <ul>
            {run.link.map((href) => (
              <li key={href}>
                <a href={href} rel="noreferrer noopener" target="_blank">
                  {href}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="run-chain">
        <h2 id="run-chain">Chain</h2>
        <dl class="facts">
          <dt>Caused by</dt>
          <dd>
            <RunLinks ids={run.chain?.parent ? [run.chain.parent] : []} none="no run (an event)" />
          </dd>
          <dt>Runs it caused</dt>
          <dd>
            <RunLinks ids={run.chain?.children ?? []} none="none" />
          </dd>
          <dt>Re-run of</dt>
          <dd>
            <RunLinks ids={run.rerunOf ? [run.rerunOf] : []} none="—" />
          </dd>
          <dt>Re-runs</dt>
          <dd>
            <RunLinks ids={run.reruns ?? []} none="none" />
          </dd>
        </dl>
      </section>

      <section aria-labelledby="run-request">
        <h2 id="run-request">Request as sent</h2>
        <p class="muted">Secret values are masked as ***.</p>
        <JsonBlock summary="Request" value={run.request ?? run.payload} open />
        <JsonBlock summary="Response" value={run.response} />
        <JsonBlock summary="Trigger data" value={run.triggerData} />
      </section>

      <section aria-labelledby="run-attempts">
        <h2 id="run-attempts">Delivery attempts</h2>
        {attempts.error ? <ErrorNotice error={attempts.error} what="the attempts" /> : null}
        {attempts.data ? <AttemptTable attempts={attempts.data.attempts} /> : null}
      </section>

      <section aria-labelledby="run-logs">
        <h2 id="run-logs">Logs</h2>
        {logs.error ? <ErrorNotice error={logs.error} what="the logs" /> : null}
        {logs.logs.length === 0 && !logs.loading ? <p class="muted">No logs.</p> : null}
        <ol class="logs">
          {logs.logs.map((log, index) => (
            <li key={index}>
              <TimeText iso={log.createdAt ?? log.timestamp} />{' '}
              {log.createdBy ? <span class="muted">{log.createdBy}</span> : null}{' '}
              <span class="log-message">{log.message}</span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function RunLinks({ ids, none }: { ids: readonly string[]; none: string }) {
  if (ids.length === 0) return <span class="muted">{none}</span>;
  return (
    <>
      {ids.map((runId, index) => (
        <span key={runId}>
          {index > 0 ? ', ' : ''}
          <a class="mono" href={`/runs/${encodeURIComponent(runId)}`}>
            {runId}
          </a>
        </span>
      ))}
    </>
  );
}

function AttemptTable({ attempts }: { attempts: readonly Attempt[] }) {
  if (attempts.length === 0) return <p class="muted">Not delivered yet.</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Time</th>
            <th scope="col">Status code</th>
            <th scope="col">Duration</th>
            <th scope="col">Error</th>
            <th scope="col">Response excerpt</th>
            <th scope="col">Next retry</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((attempt) => (
            <tr key={attempt.n}>
              <td>{attempt.n}</td>
              <td>
                <TimeText iso={attempt.startedAt} />
              </td>
              <td>{attempt.statusCode ?? '—'}</td>
              <td>{formatDuration(attempt.durationMs)}</td>
              <td>{attempt.error ?? '—'}</td>
              <td>
                {attempt.responseExcerpt ? (
                  <pre class="excerpt" tabIndex={0}>
                    {attempt.responseExcerpt}
                  </pre>
                ) : (
                  '—'
                )}
              </td>
              <td>
                <TimeText iso={attempt.nextAttemptAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every log of the run, oldest first (the API pages them 50 at a time). */
function useRunLogs(runPath: string): {
  logs: RunLog[];
  error: ApiFailure | undefined;
  loading: boolean;
  reload(): void;
} {
  const [state, setState] = useState<{ logs: RunLog[]; error?: ApiFailure; loading: boolean }>({
    logs: [],
    loading: true,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let stale = false;
    (async () => {
      const all: RunLog[] = [];
      for (let offset = 0; offset < MAX_LOGS; offset += LOG_PAGE) {
        const page = await api<{ runLogs: RunLog[] }>(
          `${runPath}/logs${queryString({ limit: String(LOG_PAGE), offset: String(offset) })}`,
        );
        all.push(...page.runLogs);
        if (page.runLogs.length < LOG_PAGE) break;
      }
      if (!stale) setState({ logs: all, loading: false });
    })().catch((error: unknown) => {
      if (!stale)
        setState((now) => ({
          ...now,
          loading: false,
          error: error instanceof ApiFailure ? error : new ApiFailure(0, 'error', String(error)),
        }));
    });
    return () => {
      stale = true;
    };
  }, [runPath, tick]);
  return {
    logs: state.logs,
    error: state.error,
    loading: state.loading,
    reload: () => setTick((n) => n + 1),
  };
}
