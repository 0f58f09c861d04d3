/**
 * Profile-keyed data for the trading panels: a stream subscription or a one-off call whose results are dropped
 * when they arrive for a profile that is no longer active (the state is cleared on every profile change).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { EventParamsOf, EventPayloadOf, MethodName, RequestOf, ResponseOf } from '../../../preload/contract';
import { call, subscribe } from '../bridge';
import { profileId } from '../state/store';

type AccountStream = 'account.orders' | 'account.balances' | 'account.fills';

/** The latest payload of an account stream for `pid` (null until the first one), cleared when `pid` changes. */
export function useAccountStream<E extends AccountStream>(stream: E, pid: string | null): EventPayloadOf<E> | null {
  const [value, setValue] = useState<{ pid: string; payload: EventPayloadOf<E> } | null>(null);
  useEffect(() => {
    setValue(null);
    if (!pid) return;
    // Every account stream takes exactly { profileId }.
    const params = { profileId: pid } as EventParamsOf<E>;
    return subscribe(stream, params, (payload) => {
      if (profileId.peek() === pid) setValue({ pid, payload });
    });
  }, [stream, pid]);
  return value && value.pid === pid ? value.payload : null;
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
}

/**
 * Calls `method` for the profile when `pid` or `deps` change and on `reload()`; a late answer for another
 * profile (or an older request) is dropped.
 */
export function useProfileCall<M extends MethodName>(
  method: M,
  pid: string | null,
  request: (pid: string) => RequestOf<M>,
  deps: readonly unknown[] = [],
  enabled = true,
): Loaded<ResponseOf<M>> {
  const [state, setState] = useState<{
    pid: string | null;
    data: ResponseOf<M> | null;
    error: string | null;
    loading: boolean;
  }>({ pid, data: null, error: null, loading: false });
  const seq = useRef(0);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const requestRef = useRef(request);
  requestRef.current = request;

  useEffect(() => {
    if (!pid || !enabled) return;
    const mine = ++seq.current;
    setState((s) => ({ pid, data: s.pid === pid ? s.data : null, error: null, loading: true }));
    call(method, requestRef.current(pid)).then(
      (data) => {
        if (mine === seq.current && profileId.peek() === pid) setState({ pid, data, error: null, loading: false });
      },
      (e: Error) => {
        if (mine === seq.current && profileId.peek() === pid)
          setState((s) => ({ pid, data: s.pid === pid ? s.data : null, error: e.message, loading: false }));
      },
    );
  }, [method, pid, enabled, tick, ...deps]);

  const same = state.pid === pid;
  return { data: same ? state.data : null, error: same ? state.error : null, loading: same && state.loading, reload };
}
