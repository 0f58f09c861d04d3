import type { AlpBridge, BridgeTransport, Envelope, EventMessage } from './contract';

/**
 * Builds `window.alp` over a transport. Shared by the Electron preload and the browser-mode bridge so both
 * modes give the renderer the identical API.
 */
export function createBridge(transport: BridgeTransport): AlpBridge {
  const listeners = new Map<number, (payload: unknown) => void>();
  let nextSubId = 1;
  transport.onEvent((message: EventMessage) => listeners.get(message.subId)?.(message.payload));

  return {
    call(method, request) {
      return transport.call(method, request) as Promise<Envelope<never>>;
    },
    subscribe(stream, params, listener, onError) {
      const subId = nextSubId++;
      let active = true;
      listeners.set(subId, listener as (payload: unknown) => void);
      transport
        .subscribe({ subId, stream, params })
        .then((result) => {
          if (result.ok) return;
          listeners.delete(subId);
          active = false;
          onError?.(result.error);
        })
        .catch(() => {
          listeners.delete(subId);
          onError?.({ code: 'internal', message: `Could not subscribe to ${stream}.` });
        });
      return () => {
        if (!active) return;
        active = false;
        listeners.delete(subId);
        transport.unsubscribe(subId);
      };
    },
  };
}
