import type { BridgeTransport, Envelope, EventMessage, SubscribeMessage } from '../../../preload/contract';
import { BRIDGE_PATH, type ClientFrame, type ServerFrame } from '../../../preload/ws-protocol';

const OFFLINE: Envelope<never> = {
  ok: false,
  error: { code: 'network', message: 'Lost the connection to the app host. Reconnecting…' },
};

/**
 * Browser mode's transport: the bridge contract over a WebSocket to the local host. Frames sent while the
 * socket is (re)connecting wait; subscriptions are renewed after a reconnect.
 */
export function createWebSocketTransport(hostUrl: string, token: string): BridgeTransport {
  const socketUrl = `${hostUrl.replace(/^http/, 'ws')}${BRIDGE_PATH}?token=${encodeURIComponent(token)}`;
  const pendingCalls = new Map<number, (e: Envelope<unknown>) => void>();
  const pendingSubs = new Map<number, (e: Envelope<null>) => void>();
  const liveSubs = new Map<number, SubscribeMessage>();
  const eventListeners: ((m: EventMessage) => void)[] = [];
  let outbox: string[] = [];
  let socket: WebSocket | null = null;
  let nextCallId = 1;
  let retryMs = 250;

  const connect = () => {
    const ws = new WebSocket(socketUrl);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      for (const frame of outbox) ws.send(frame);
      outbox = [];
    };
    ws.onmessage = (event) => {
      const frame = JSON.parse(String(event.data)) as ServerFrame;
      if (frame.t === 'result') {
        pendingCalls.get(frame.id)?.(frame.envelope);
        pendingCalls.delete(frame.id);
      } else if (frame.t === 'subres') {
        pendingSubs.get(frame.subId)?.(frame.envelope);
        pendingSubs.delete(frame.subId);
      } else if (frame.t === 'event') {
        for (const listener of eventListeners) listener({ subId: frame.subId, payload: frame.payload });
      }
    };
    ws.onclose = () => {
      socket = null;
      for (const settle of pendingCalls.values()) settle(OFFLINE);
      pendingCalls.clear();
      // Renew live subscriptions once the socket is back.
      outbox = [...liveSubs.values()].map((m) => JSON.stringify({ t: 'sub', ...m } satisfies ClientFrame));
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  const send = (frame: ClientFrame) => {
    const text = JSON.stringify(frame);
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(text);
    else outbox.push(text);
  };
  connect();

  return {
    call(method, payload) {
      const id = nextCallId++;
      return new Promise((settle) => {
        pendingCalls.set(id, settle);
        send({ t: 'call', id, method, payload });
      });
    },
    subscribe(message) {
      liveSubs.set(message.subId, message);
      return new Promise((settle) => {
        pendingSubs.set(message.subId, (envelope) => {
          if (!envelope.ok) liveSubs.delete(message.subId);
          settle(envelope);
        });
        send({ t: 'sub', ...message });
      });
    },
    unsubscribe(subId) {
      liveSubs.delete(subId);
      send({ t: 'unsub', subId });
    },
    onEvent(listener) {
      eventListeners.push(listener);
    },
  };
}
