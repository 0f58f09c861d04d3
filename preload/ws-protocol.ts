/**
 * Browser mode's wire protocol over the loopback WebSocket: the same contract as Electron IPC, as JSON frames.
 * Shared by the Node host and the renderer's web bridge.
 */
import type { Envelope } from './contract';

export type ClientFrame =
  | { t: 'call'; id: number; method: string; payload: unknown }
  | { t: 'sub'; subId: number; stream: string; params: unknown }
  | { t: 'unsub'; subId: number };

export type ServerFrame =
  | { t: 'result'; id: number; envelope: Envelope<unknown> }
  | { t: 'subres'; subId: number; envelope: Envelope<null> }
  | { t: 'event'; subId: number; payload: unknown };

export const BRIDGE_PATH = '/bridge';
