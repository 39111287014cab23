import { useEffect, useRef, useState } from 'preact/hooks';
import type { EventSummary, Run } from './api-types.js';

export interface LiveHandlers {
  readonly onRun?: (run: Run, kind: string) => void;
  readonly onEvent?: (event: EventSummary) => void;
  /** Called every few seconds while the stream is not available. */
  readonly onPoll?: () => void;
}

export type LiveState = 'connecting' | 'live' | 'polling';

const POLL_MS = 5000;

/**
 * Follows `GET /v1/stream` (server-sent `run` and `event` messages); when the stream cannot
 * be opened, falls back to calling `onPoll` every 5 s so the page still updates.
 */
export function useLive(handlers: LiveHandlers): LiveState {
  const ref = useRef(handlers);
  ref.current = handlers;
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    let poll: number | undefined;
    const source = new EventSource('/v1/stream');
    source.onopen = () => setState('live');
    source.addEventListener('run', (message) => {
      const data = JSON.parse((message as MessageEvent<string>).data) as {
        kind?: string;
        run?: Run;
      };
      if (data.run !== undefined) ref.current.onRun?.(data.run, data.kind ?? 'changed');
    });
    source.addEventListener('event', (message) => {
      ref.current.onEvent?.(JSON.parse((message as MessageEvent<string>).data) as EventSummary);
    });
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) {
        setState('connecting');
        return;
      }
      if (poll !== undefined) return;
      setState('polling');
      poll = window.setInterval(() => ref.current.onPoll?.(), POLL_MS);
    };
    return () => {
      source.close();
      if (poll !== undefined) window.clearInterval(poll);
    };
  }, []);
  return state;
}
