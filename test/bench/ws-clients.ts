/**
 * The subscribers of the WebSocket fan-out bench, run in child processes of the bench: their own event loops
 * and their own CPU account (so the bench process's CPU is the server's alone), as clients elsewhere would be.
 * They read the same clock as the server: process.hrtime is CLOCK_MONOTONIC, one system-wide clock on Linux,
 * so "commit -> received" is measured on one clock across the processes.
 *
 * argv[2]: the ClientsConfig as JSON. Talks to the bench over IPC: 'ready' once every WebSocket has its
 * subscribe ack and every raw socket is connected; on 'report' sends, per trade id, the latest receive time over
 * this process's sockets of the `t` frame and of the `d` frame that preceded it on the same socket, the latest
 * receive time per raw-floor round, and the frame count since the last report.
 */
import { connect } from 'node:net';
import WebSocket from 'ws';
import { z } from 'zod';

export const clientsConfig = z.object({
  url: z.string(),
  count: z.number().int().positive(),
  pair: z.string(),
  /** Port of the bench's plain TCP server (the floor: one bare write per socket), or 0 for none. */
  rawPort: z.number().int().nonnegative(),
});
export type ClientsConfig = z.infer<typeof clientsConfig>;

export type ToClients = { kind: 'report' } | { kind: 'exit' };
export type FromClients =
  | { kind: 'ready' }
  | {
      kind: 'report';
      t: Array<[number, number]>;
      d: Array<[number, number]>;
      raw: Array<[number, number]>;
      frames: number;
    };

/** Milliseconds on the system-wide monotonic clock (the bench process reads the same one). */
export const clockMs = (): number => Number(process.hrtime.bigint()) / 1e6;

const T_PREFIX = Buffer.from('["t"');
const D_PREFIX = Buffer.from('["d"');
const SUBSCRIBE_PREFIX = Buffer.from('["subscribe"');
const startsWith = (data: Buffer, prefix: Buffer): boolean =>
  data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;

function run(send: (m: FromClients) => void, cfg: ClientsConfig): void {
  const lastT = new Map<number, number>();
  const lastD = new Map<number, number>();
  const lastRaw = new Map<number, number>();
  let frames = 0;
  let waiting = cfg.count + (cfg.rawPort > 0 ? cfg.count : 0);
  const oneReady = (): void => {
    if (--waiting === 0) send({ kind: 'ready' });
  };

  for (let i = 0; i < cfg.count; i++) {
    // The client side of the bench stays light (no JSON but for the `t` frames it must identify), so the
    // figure is mostly the server's fan-out; perMessageDeflate off as the server never negotiates it.
    const ws = new WebSocket(cfg.url, { perMessageDeflate: false });
    let dAt = 0;
    let subscribed = false;
    ws.on('error', (e) => console.error('bench client error', e.message));
    ws.on('message', (data) => {
      const at = clockMs();
      if (!Buffer.isBuffer(data)) return;
      frames++;
      if (data.length === 1 && data[0] === 0x31) return ws.send('2'); // the server's `1` ping
      if (startsWith(data, D_PREFIX)) {
        dAt = at;
        return;
      }
      if (startsWith(data, T_PREFIX)) {
        const parsed: unknown = JSON.parse(data.toString());
        const id = Array.isArray(parsed) ? parsed[2] : undefined;
        if (typeof id !== 'number') return;
        if ((lastT.get(id) ?? 0) < at) lastT.set(id, at);
        if ((lastD.get(id) ?? 0) < dAt) lastD.set(id, dAt);
        return;
      }
      if (!subscribed && startsWith(data, SUBSCRIBE_PREFIX)) {
        subscribed = true;
        oneReady();
      }
    });
    ws.on('open', () => ws.send(JSON.stringify(['subscribe', `diff.${cfg.pair}`, `trade.${cfg.pair}`])));
  }

  // The floor: plain TCP sockets on which the bench writes one 8-byte round number per socket per round.
  for (let i = 0; cfg.rawPort > 0 && i < cfg.count; i++) {
    const s = connect(cfg.rawPort, '127.0.0.1', oneReady);
    s.setNoDelay(true);
    s.on('error', (e) => console.error('bench raw client error', e.message));
    s.on('data', (data: Buffer) => {
      const at = clockMs();
      // Rounds are far apart, so a read holds whole 8-byte records; the last one is the latest round.
      if (data.length < 8) return;
      const round = Number(data.readBigUInt64LE(data.length - 8));
      if ((lastRaw.get(round) ?? 0) < at) lastRaw.set(round, at);
    });
  }

  process.on('message', (m: ToClients) => {
    if (m.kind === 'report') {
      send({
        kind: 'report',
        t: [...lastT],
        d: [...lastD],
        raw: [...lastRaw],
        frames,
      });
      frames = 0;
    }
    if (m.kind === 'exit') process.exit(0);
  });
}

const send = process.send?.bind(process);
if (send !== undefined && process.argv[2] !== undefined)
  run((m) => send(m), clientsConfig.parse(JSON.parse(process.argv[2])));
