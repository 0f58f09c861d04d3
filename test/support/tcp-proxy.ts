/**
 * A TCP proxy in front of a local server that can cut every connection at once, as if the exchange (or the
 * network) dropped every socket mid-session; new connections are let through again right away.
 */
import { type Socket, createConnection, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  /** The target's URL with the proxy's port (same scheme and path). */
  url: string;
  /** Connections accepted so far. */
  accepted(): number;
  dropAll(): void;
  /** While down, every connection is cut and new ones are reset at once: the exchange is unreachable. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const pairs = new Set<[Socket, Socket]>();
  let accepted = 0;
  let down = false;
  const server = createServer((client) => {
    client.on('error', () => {});
    if (down) {
      client.destroy();
      return;
    }
    accepted++;
    const upstream = createConnection({ host: target.hostname, port: Number(target.port) });
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  const dropAll = () => {
    for (const [a, b] of [...pairs]) {
      a.destroy();
      b.destroy();
    }
    pairs.clear();
  };
  const url = new URL(targetUrl);
  url.port = String(port);
  return {
    url: url.toString().replace(/\/$/, ''),
    accepted: () => accepted,
    dropAll,
    setDown(value) {
      down = value;
      if (down) dropAll();
    },
    close() {
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      return new Promise((r) => server.close(() => r()));
    },
  };
}
