import {
  contract,
  type Envelope,
  type MethodName,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../preload/contract';
import { BridgeError, toBridgeError } from './errors';
import { type BridgeGuards, checkProfile, logIfInternal } from './guards';
import { parseOrThrow } from './validate';

/** One implementation per contract method; the type makes a missing method a compile error. */
export type Handlers = {
  [M in MethodName]: (request: ParsedRequestOf<M>) => Promise<ResponseOf<M>>;
};

export type Dispatch = (method: string, payload: unknown) => Promise<Envelope<unknown>>;

function isMethod(name: string): name is MethodName {
  return Object.hasOwn(contract.methods, name);
}

/**
 * The single entry point of every transport (Electron IPC and the browser-mode WebSocket): checks the method
 * exists, validates the payload against the contract and checks the profile it names before any handler runs,
 * and wraps the outcome.
 */
export function createDispatch(handlers: Handlers, guards: BridgeGuards = {}): Dispatch {
  return async (method, payload) => {
    try {
      if (!isMethod(method)) throw new BridgeError('unknown_method', `Unknown bridge method "${method}".`);
      const request = parseOrThrow(contract.methods[method].req, payload, method);
      checkProfile(guards, request, method);
      const handler = handlers[method] as (r: unknown) => Promise<unknown>;
      const value = await handler(request);
      return { ok: true, value: value ?? null };
    } catch (e) {
      const error = toBridgeError(e);
      logIfInternal(guards, error, e, method);
      return { ok: false, error };
    }
  };
}
