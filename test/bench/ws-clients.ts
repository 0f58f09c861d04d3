/**
 * The subscribers of the WebSocket bench, run in their own process so they do not share the server's CPU.
 * Argument: ws URL, socket count, pair. Talks to the bench over IPC: 'ready' once every socket has its
 * subscribe ack; on 'report' sends, per trade id, the latest wall-clock receive time over all sockets of the
 * `t` frame and of the `d` frame that preceded it on the same socket, plus frame counts.
 */
import WebSocket from 'ws';

const [url, countText, pair] = process.argv.slice(2) as [string, string, string];
const count = Number(countText);
const wall = (): number => performance.timeOrigin + performance.now();
const lastT = new Map<number, number>();
const lastD = new Map<number, number>();
let frames = 0;
let bytes = 0;
let acked = 0;

for (let i = 0; i < count; i++) {
  const ws = new WebSocket(url);
  let dAt = 0;
  ws.on('error', (e) => {
    console.error('bench client error', e.message);
  });
  ws.on('message', (data) => {
    const at = wall();
    frames++;
    const text = data.toString();
    bytes += text.length;
    if (text === '1') return ws.send('2');
    if (text.startsWith('["d"')) {
      dAt = at;
      return;
    }
    if (text.startsWith('["t"')) {
      const id = JSON.parse(text)[2] as number;
      if ((lastT.get(id) ?? 0) < at) lastT.set(id, at);
      if ((lastD.get(id) ?? 0) < dAt) lastD.set(id, dAt);
      return;
    }
    if (text.startsWith('["subscribe"')) {
      acked++;
      if (acked === count) process.send?.({ kind: 'ready' });
    }
  });
  ws.on('open', () => ws.send(JSON.stringify(['subscribe', `diff.${pair}`, `trade.${pair}`])));
}

process.on('message', (m: { kind: string }) => {
  if (m.kind === 'report') {
    process.send?.({ kind: 'report', t: [...lastT], d: [...lastD], frames, bytes });
    frames = 0;
    bytes = 0;
  }
  if (m.kind === 'exit') process.exit(0);
});
