import { connect } from 'node:net';

/** What came back on one raw connection: every status line seen (pipelined answers included) and the first body. */
export interface RawReply {
  statuses: number[];
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends `data` on a fresh TCP connection to 127.0.0.1:`port`, half-closes, and reads until the server closes.
 * Resolves null when the server closed without a byte of answer; rejects when it stays silent past `timeoutMs`
 * (a hang is a failure, never a pass). Written on `node:net` so hostile bytes reach the server unaltered.
 */
export function rawExchange(
  port: number,
  data: Buffer | string,
  opts: { timeoutMs?: number; halfClose?: boolean } = {},
): Promise<RawReply | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1');
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${opts.timeoutMs ?? 20_000} ms`));
    }, opts.timeoutMs ?? 20_000);
    const finish = (): void => {
      clearTimeout(timer);
      resolve(parseReply(Buffer.concat(chunks)));
    };
    // The server may reset a connection it refused (e.g. after 413): what arrived before still counts.
    socket.on('error', () => finish());
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', finish);
    socket.on('connect', () => {
      socket.write(data);
      if (opts.halfClose !== false) socket.end();
    });
  });
}

export function parseReply(buf: Buffer): RawReply | null {
  if (buf.length === 0) return null;
  const text = buf.toString('latin1');
  const statuses = [...text.matchAll(/(?:^|\r\n)HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));
  const end = text.indexOf('\r\n\r\n');
  const headLines = (end < 0 ? text : text.slice(0, end)).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headLines.slice(1)) {
    const c = line.indexOf(':');
    if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
  }
  let body = end < 0 ? '' : buf.subarray(end + 4).toString('utf8');
  const length = headers['content-length'];
  if (length !== undefined && /^\d+$/.test(length))
    body = buf.subarray(end + 4, end + 4 + Number(length)).toString('utf8');
  return { statuses, status: statuses[0] ?? 0, headers, body };
}

/** A complete HTTP/1.1 request with `connection: close` and a correct content-length. */
export function requestBytes(
  method: string,
  target: string,
  headers: Array<[string, string]>,
  body: Buffer | string = '',
): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  const lines = [`${method} ${target} HTTP/1.1`, 'host: 127.0.0.1', 'connection: close'];
  for (const [k, v] of headers) lines.push(`${k}: ${v}`);
  if (b.length > 0 || method === 'POST' || method === 'DELETE') lines.push(`content-length: ${b.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), b]);
}
