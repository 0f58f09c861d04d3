import { z } from 'zod';

/**
 * The WebSocket wire format of today's ALP.COM (see ../shared/alp-api-current.md): text frames holding JSON
 * arrays, except the keepalive, where the server sends the bare text `1` and the client answers `2`.
 */
export const PING = '1';
export const PONG = '2';

/** Seconds since the epoch with millisecond precision: the `<ts>` of every server message. */
export function wireTs(nowMs: number): number {
  return Math.floor(nowMs) / 1000;
}

const topicList = z.array(z.string().min(1).max(64)).min(1).max(64);

/** What a client may send, once parsed as JSON. Anything else is answered with an `error` message. */
export const clientCommand = z.union([
  z.tuple([z.literal('subscribe')], z.string()).transform((a) => ({ op: 'subscribe' as const, topics: a.slice(1) })),
  z
    .tuple([z.literal('unsubscribe')], z.string())
    .transform((a) => ({ op: 'unsubscribe' as const, topics: a.slice(1) })),
  z.tuple([z.literal('auth'), z.string().min(1).max(4096)]).transform((a) => ({ op: 'auth' as const, token: a[1] })),
]);
export type ClientCommand = z.output<typeof clientCommand>;

export type ParsedFrame =
  | { kind: 'pong' }
  | { kind: 'ping' }
  | { kind: 'command'; command: ClientCommand }
  | { kind: 'invalid'; reason: string };

/** Reads one text frame. Never throws: bad input becomes `invalid` with a reason the client is told. */
export function parseFrame(text: string): ParsedFrame {
  const trimmed = text.trim();
  if (trimmed === PONG) return { kind: 'pong' };
  if (trimmed === PING) return { kind: 'ping' };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return { kind: 'invalid', reason: 'Malformed message: not JSON' };
  }
  if (!Array.isArray(value) || typeof value[0] !== 'string')
    return { kind: 'invalid', reason: 'Malformed message: expected ["command", ...]' };
  const r = clientCommand.safeParse(value);
  if (!r.success) {
    const head = value[0];
    if (head !== 'subscribe' && head !== 'unsubscribe' && head !== 'auth')
      return { kind: 'invalid', reason: `Unknown command ${JSON.stringify(head.slice(0, 32))}` };
    return {
      kind: 'invalid',
      reason: `Malformed ${head}: ${head === 'auth' ? '["auth", "<jwt>"]' : '[command, "topic", ...]'}`,
    };
  }
  if (r.data.op !== 'auth' && !topicList.safeParse(r.data.topics).success)
    return { kind: 'invalid', reason: `Malformed ${r.data.op}: 1 to 64 topics of at most 64 characters` };
  return { kind: 'command', command: r.data };
}
