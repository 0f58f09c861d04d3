/**
 * Bridge plumbing with recording handlers and controllable streams, for testing transports (Electron IPC,
 * browser-mode host) without the exchange services behind them.
 */
import { methodNames } from '../../preload/contract';
import { createDispatch, type Handlers } from '../../main/bridge/dispatch';
import type { StreamSources } from '../../main/bridge/streams';
import { SubscriptionHub } from '../../main/bridge/subscriptions';

export interface StubServices {
  dispatch: ReturnType<typeof createDispatch>;
  hub: SubscriptionHub;
  /** Every handler call that got past validation, in order. */
  calls: { method: string; request: unknown }[];
  /** Emit a payload on every running stream of this name. */
  emit(stream: string, payload: unknown): void;
  /** How many sources are running per stream name. */
  running: Map<string, number>;
}

export function createStubServices(): StubServices {
  const calls: StubServices['calls'] = [];
  const handlers = Object.fromEntries(
    methodNames.map((m) => [
      m,
      async (request: unknown) => {
        calls.push({ method: m, request });
        return m === 'app.info'
          ? { name: 'ALP Terminal', version: '9.9.9', mode: 'web', platform: 'test', venues: [] }
          : { echoed: m };
      },
    ]),
  ) as unknown as Handlers;
  const emitters = new Map<string, Set<(p: unknown) => void>>();
  const running = new Map<string, number>();
  const sources = new Proxy({} as StreamSources, {
    get: (_t, stream: string) => (_params: unknown, emit: (p: unknown) => void) => {
      const set = emitters.get(stream) ?? new Set();
      set.add(emit);
      emitters.set(stream, set);
      running.set(stream, (running.get(stream) ?? 0) + 1);
      return () => {
        set.delete(emit);
        running.set(stream, (running.get(stream) ?? 1) - 1);
      };
    },
  });
  return {
    dispatch: createDispatch(handlers),
    // No linger: these tests watch sources stop as pages go (the linger has its own tests).
    hub: new SubscriptionHub(sources, {}, { lingerMs: 0 }),
    calls,
    running,
    emit(stream, payload) {
      for (const e of emitters.get(stream) ?? []) e(payload);
    },
  };
}
