/**
 * The one seam between the streaming code and a WebSocket implementation. Electron's main process (Node 22+)
 * has a global `WebSocket`; browser mode and tests pass an opener built on the `ws` package. Every handler is
 * attached when the socket is created, so an error can never arrive before someone listens for it.
 */
export interface SocketHandlers {
  open(): void;
  message(text: string): void;
  close(code: number, reason: string): void;
  error(message: string): void;
}

export interface StreamSocket {
  send(text: string): void;
  close(): void;
}

export type OpenSocket = (url: string, on: SocketHandlers) => StreamSocket;

/** The shape of a WHATWG WebSocket this module relies on (Node 22's global, or the `ws` package). */
export interface WhatwgSocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(): void;
}

const OPEN = 1;

function textOf(data: unknown): string | null {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(data);
  return null;
}

/** An opener over any WHATWG-style WebSocket constructor. */
export function whatwgOpener(create: (url: string) => WhatwgSocketLike): OpenSocket {
  return (url, on) => {
    let ws: WhatwgSocketLike;
    try {
      ws = create(url);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      // Report asynchronously, like a socket that failed to connect.
      queueMicrotask(() => {
        on.error(why);
        on.close(1006, why);
      });
      return { send: () => {}, close: () => {} };
    }
    ws.onerror = () => on.error('WebSocket error');
    ws.onopen = () => on.open();
    ws.onclose = (ev) => on.close(ev.code, ev.reason);
    ws.onmessage = (ev) => {
      const t = textOf(ev.data);
      if (t !== null) on.message(t);
    };
    return {
      send: (text) => {
        if (ws.readyState === OPEN) ws.send(text);
      },
      close: () => {
        try {
          ws.close();
        } catch {
          // already closing
        }
      },
    };
  };
}

/** The runtime's own WebSocket (Electron main, Node >= 22), or null where there is none (then feeds poll). */
export function globalWebSocketOpener(): OpenSocket | null {
  const ctor: unknown = Reflect.get(globalThis, 'WebSocket');
  if (typeof ctor !== 'function') return null;
  return whatwgOpener((url) => {
    const ws: unknown = Reflect.construct(ctor, [url]);
    if (!isWhatwgSocket(ws)) throw new Error('the runtime WebSocket does not look like a WebSocket');
    return ws;
  });
}

function isWhatwgSocket(v: unknown): v is WhatwgSocketLike {
  return typeof v === 'object' && v !== null && 'send' in v && 'close' in v && 'readyState' in v;
}

/** wss://www.alp.com/ws for the live exchange; ws(s)://<host>/ws for any other base URL (the paper exchange). */
export function streamUrlFor(baseUrl: string): string {
  const u = new URL(baseUrl);
  const scheme = u.protocol === 'https:' ? 'wss:' : 'ws:';
  const host = u.host === 'alp.com' ? 'www.alp.com' : u.host;
  return `${scheme}//${host}/ws`;
}
