import { z } from 'zod';
import type { ClientFrame } from '../../preload/ws-protocol';

const seq = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** A client frame of the browser-mode protocol; payloads and params are checked later against the contract. */
const clientFrameSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id: seq, method: z.string().max(200), payload: z.unknown() }),
  z.object({ t: z.literal('sub'), subId: seq, stream: z.string().max(200), params: z.unknown() }),
  z.object({ t: z.literal('unsub'), subId: seq }),
]);

/** The frame, or why it is refused (the socket is then closed with 1003). */
export function parseClientFrame(text: string): { frame: ClientFrame } | { refusal: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { refusal: 'Frames must be JSON' };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { refusal: 'Frames must be JSON objects' };
  const parsed = clientFrameSchema.safeParse(raw);
  if (!parsed.success) return { refusal: 'Unknown frame' };
  const f = parsed.data;
  if (f.t === 'call') return { frame: { t: 'call', id: f.id, method: f.method, payload: f.payload } };
  if (f.t === 'sub') return { frame: { t: 'sub', subId: f.subId, stream: f.stream, params: f.params } };
  return { frame: { t: 'unsub', subId: f.subId } };
}
