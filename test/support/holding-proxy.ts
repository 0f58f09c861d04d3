/**
 * A fault-injecting TCP proxy in front of a real HTTP server, for the "late order" cases. Connections pass through
 * untouched, except a request whose first line starts with `match`:
 *   'hold-request': the request (and anything after it on that connection) is kept back until release(), then
 *                   sent on a fresh connection: it reaches the server as late as the test wants;
 *   'drop-answer':  the request goes through at once, the server's answer to it never reaches the client.
 * Every socket has an error handler before it is written to.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface HoldingProxy {
  url: string;
  /** Resolves once a matching request has been caught. */
  caught(): Promise<void>;
  /** Forwards the held request; resolves with the status line the server answered it with. */
  release(): Promise<string>;
  close(): Promise<void>;
}

export async function startHoldingProxy(options: {
  upstreamPort: number;
  match: string;
  mode: 'hold-request' | 'drop-answer';
}): Promise<HoldingProxy> {
  let onCaught: () => void = () => {};
  const caught = new Promise<void>((ok) => (onCaught = ok));
  let releaseHeld: (() => void) | null = null;
  let onAnswer: (line: string) => void = () => {};
  const answered = new Promise<string>((ok) => (onAnswer = ok));
  let used = false;
  const sockets = new Set<Socket>();

  const server: Server = createServer((client) => {
    const upstream = connect(options.upstreamPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      s.on('close', () => sockets.delete(s));
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());

    let holding: Buffer[] | null = null;
    let watchAnswer = false;
    let swallow = false;
    client.on('data', (chunk: Buffer) => {
      if (holding) {
        holding.push(chunk);
        return;
      }
      if (!used && chunk.toString('latin1').startsWith(options.match)) {
        used = true;
        onCaught();
        if (options.mode === 'hold-request') {
          holding = [chunk];
          releaseHeld = () => {
            // On a connection of its own: the server has long closed the idle one this request came in on.
            const held = Buffer.concat(holding ?? []);
            const late = connect(options.upstreamPort, '127.0.0.1');
            sockets.add(late);
            late.on('error', () => late.destroy());
            late.once('data', (answer: Buffer) => {
              onAnswer(answer.toString('latin1').split('\r\n')[0] ?? '');
              late.destroy();
            });
            late.once('connect', () => late.write(held));
          };
          return;
        }
        swallow = true;
        watchAnswer = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (watchAnswer) {
        watchAnswer = false;
        onAnswer(chunk.toString('latin1').split('\r\n')[0] ?? '');
      }
      if (swallow) return; // the answer to the caught request is lost on the way
      client.write(chunk);
    });
  });
  server.on('error', () => {});
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    caught: () => caught,
    release: () => {
      if (options.mode === 'hold-request') {
        if (!releaseHeld) throw new Error('nothing is held');
        releaseHeld();
      }
      return answered;
    },
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}
