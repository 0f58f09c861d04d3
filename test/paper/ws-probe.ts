import WebSocket from 'ws';

/** A raw `ws` client that records every frame, for the paper exchange's WebSocket tests. */
export class WsProbe {
  readonly frames: string[] = [];
  private readonly parsed: unknown[][] = [];
  closed: { code: number; reason: string } | null = null;
  /** Answer the server's `1` pings with `2` (a well-behaved client); tests switch it off to go silent. */
  answerPings = true;
  private waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? `<binary ${String(data.toString().length)}>` : data.toString();
      this.frames.push(text);
      if (text.startsWith('[')) this.parsed.push(JSON.parse(text) as unknown[]);
      if (text === '1' && this.answerPings) ws.send('2');
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  static async open(url: string, path = '/ws'): Promise<WsProbe> {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + path);
    const probe = new WsProbe(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return probe;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  send(value: unknown): void {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  /** Every JSON message received so far (keepalive frames left out). */
  messages(): readonly unknown[][] {
    return this.parsed;
  }

  of(kind: string): unknown[][] {
    return this.messages().filter((m) => m[0] === kind);
  }

  /** Waits (on arrivals, never on a fixed sleep) until `check` holds; fails after `timeoutMs`. */
  async until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The first message after index `from` matching `pred`, waiting for it. */
  async next(pred: (m: unknown[]) => boolean, what: string, from = 0): Promise<unknown[]> {
    let found: unknown[] | undefined;
    await this.until(() => {
      found = this.messages().slice(from).find(pred);
      return found !== undefined;
    }, what);
    return found as unknown[];
  }

  close(): void {
    this.ws.close();
  }
}
