import { createBridge } from '../../../preload/bridge-client';
import type {
  AlpBridge,
  BridgeErrorCode,
  BridgeErrorInfo,
  EventName,
  EventParamsOf,
  EventPayloadOf,
  MethodName,
  RequestOf,
  ResponseOf,
} from '../../../preload/contract';
import { createWebSocketTransport } from './web-transport';

declare global {
  interface Window {
    alp?: AlpBridge;
  }
}

/** A refused bridge call, with the plain-words message and the field it concerns. */
export class BridgeCallError extends Error {
  readonly code: BridgeErrorCode;
  readonly field: string | undefined;
  constructor(info: BridgeErrorInfo) {
    super(info.message);
    this.name = 'BridgeCallError';
    this.code = info.code;
    this.field = info.field;
  }
}

/**
 * Electron's preload provides window.alp; in browser mode the same bridge is built here over the loopback
 * WebSocket, with the token the host put in the URL fragment.
 */
function resolveBridge(): AlpBridge {
  if (window.alp) return window.alp;
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  // Out of the address bar and the history once read; the page keeps it only in the socket's URL.
  history.replaceState(null, '', location.pathname + location.search);
  const bridge = createBridge(createWebSocketTransport(location.origin, token));
  window.alp = bridge;
  return bridge;
}

export const alp: AlpBridge = resolveBridge();

/** Calls a bridge method and returns its value, or throws a BridgeCallError with the plain message. */
export async function call<M extends MethodName>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
  const result = await alp.call(method, request);
  if (!result.ok) throw new BridgeCallError(result.error);
  return result.value;
}

export function subscribe<E extends EventName>(
  stream: E,
  params: EventParamsOf<E>,
  listener: (payload: EventPayloadOf<E>) => void,
  onError?: (error: BridgeErrorInfo) => void,
): () => void {
  return alp.subscribe(stream, params, listener, onError);
}
