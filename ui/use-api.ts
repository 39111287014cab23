import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiFailure } from './api.js';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: ApiFailure | undefined;
  readonly loading: boolean;
  /** Fetches again, keeping the current data on screen until the answer arrives. */
  reload(): void;
}

/** GETs `path` (null: nothing yet) and re-fetches when it changes; the newest answer wins. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiFailure; loading: boolean }>({
    loading: path !== null,
  });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    if (path === null) return;
    const call = ++latest.current;
    setState((previous) => ({ ...previous, loading: true }));
    api<T>(path).then(
      (data) => {
        if (call === latest.current) setState({ data, loading: false });
      },
      (error: unknown) => {
        if (call !== latest.current) return;
        const failure =
          error instanceof ApiFailure ? error : new ApiFailure(0, 'error', String(error));
        setState({ error: failure, loading: false });
      },
    );
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
