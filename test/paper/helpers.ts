import { createHmac } from 'node:crypto';
import { type PaperExchangeInternals, type PaperExchangeOptions, startPaperExchange } from '../../main/paper/index';
import { Dec } from '../../main/paper/money';
import type { CoreState } from '../../main/paper/state';

/** A hand-driven clock: tests move time explicitly (rate limits, interest, expiry, tokens). */
export class TestClock {
  constructor(public t = Date.UTC(2024, 0, 10, 12, 0, 0)) {}
  now = (): number => this.t;
  advance(ms: number): number {
    this.t += ms;
    return this.t;
  }
}

export const ALICE = {
  key: 'alice-key',
  secret: 'alice-secret',
  name: 'alice',
  balances: { USD: '100000', BTC: '2', ETH: '20', USDT: '50000' },
};
export const BOB = {
  key: 'bob-key',
  secret: 'bob-secret',
  name: 'bob',
  balances: { USD: '100000', BTC: '2', ETH: '20', USDT: '50000' },
};

export async function startQuiet(clock: TestClock, extra: PaperExchangeOptions = {}): Promise<PaperExchangeInternals> {
  return startPaperExchange({
    port: 0,
    simulate: false,
    now: clock.now,
    accounts: [ALICE, BOB],
    tickIntervalMs: 3_600_000,
    ...extra,
  });
}

export interface HttpReply {
  status: number;
  body: unknown;
  text: string;
}

export async function http(url: string, init: RequestInit = {}): Promise<HttpReply> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body, text };
}

/** The Node sample's serialisation (sorted keys, encodeURIComponent values), written independently of the server. */
export function nodeSerialize(payload: Record<string, string>): string {
  return Object.keys(payload)
    .sort()
    .map((k) => `${k}=${encodeURIComponent(payload[k] as string)}`)
    .join('&');
}

/** v1 client that spaces calls 600 ms apart on the test clock, so the 2/s limit is never hit by accident. */
export class V1Client {
  nonce = 1000;
  constructor(
    private readonly base: string,
    private readonly clock: TestClock,
    private readonly cred: { key: string; secret: string },
  ) {}

  headers(
    payload: Record<string, string>,
    overrides: Partial<Record<'X-KEY' | 'X-SIGN' | 'X-NONCE', string>> = {},
  ): Record<string, string> {
    const sign = createHmac('sha256', this.cred.secret)
      .update(this.cred.key + nodeSerialize(payload))
      .digest('hex');
    return { 'X-KEY': this.cred.key, 'X-SIGN': sign, 'X-NONCE': String(++this.nonce), ...overrides };
  }

  async get(
    path: string,
    overrides: Partial<Record<'X-KEY' | 'X-SIGN' | 'X-NONCE', string>> = {},
    pace = true,
  ): Promise<HttpReply> {
    if (pace) this.clock.advance(600);
    return http(this.base + path, { headers: this.headers({}, overrides) });
  }

  async post(
    path: string,
    payload: Record<string, string>,
    overrides: Partial<Record<'X-KEY' | 'X-SIGN' | 'X-NONCE', string>> = {},
    pace = true,
  ): Promise<HttpReply> {
    if (pace) this.clock.advance(600);
    return http(this.base + path, {
      method: 'POST',
      headers: { ...this.headers(payload, overrides), 'content-type': 'application/x-www-form-urlencoded' },
      body: nodeSerialize(payload),
    });
  }
}

/** v3 client: logs in for a JWT, signs bodies, spaces calls 600 ms apart. */
export class V3Client {
  token = '';
  constructor(
    private readonly base: string,
    private readonly clock: TestClock,
    private readonly cred: { key: string; secret: string },
  ) {}

  async login(): Promise<HttpReply> {
    this.clock.advance(600);
    const r = await http(`${this.base}/api/v3/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: this.cred.key, api_secret: this.cred.secret }),
    });
    // Today's exchange answers the JWT as a bare JSON string.
    if (r.status === 200 && typeof r.body === 'string') this.token = r.body;
    return r;
  }

  /** Sends `raw` as the JSON body byte for byte (e.g. numbers the way Python writes them), signed. */
  async callRaw(method: 'POST' | 'DELETE', path: string, raw: string): Promise<HttpReply> {
    this.clock.advance(600);
    const sign = createHmac('sha256', this.cred.secret).update(raw).digest('hex');
    return http(this.base + path, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', 'x-sign': sign },
      body: raw,
    });
  }

  async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, sign?: string): Promise<HttpReply> {
    this.clock.advance(600);
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    let raw: string | undefined;
    if (body !== undefined) {
      raw = JSON.stringify(body);
      headers['content-type'] = 'application/json';
      headers['x-sign'] = sign ?? createHmac('sha256', this.cred.secret).update(raw).digest('hex');
    }
    return http(this.base + path, { method, headers, ...(raw !== undefined ? { body: raw } : {}) });
  }
}

/** Sums, per currency, every wallet's balance + reserve plus collected fees (as exact decimal strings). */
export function totals(ex: PaperExchangeInternals): Map<string, string> {
  const sums = new Map<string, import('../../main/paper/money').Dec>();
  for (const w of ex.core.state.wallets.values()) {
    const cur = sums.get(w.currency);
    const v = w.balance.add(w.reserve);
    sums.set(w.currency, cur === undefined ? v : cur.add(v));
  }
  for (const [c, f] of ex.core.state.fees) {
    const cur = sums.get(c);
    sums.set(c, cur === undefined ? f : cur.add(f));
  }
  return new Map([...sums].map(([k, v]) => [k, v.toFixed()]));
}

/**
 * The whole core state as canonical text (decimals as exact strings, maps as entry lists, secrets blanked, since
 * they are never persisted): two states are equal exactly when these texts are.
 */
export function stateText(ex: PaperExchangeInternals): string {
  return coreStateText(ex.core.state);
}

/** `stateText` of a bare core state (a core built in the test, or one loaded from files). */
export function coreStateText(state: CoreState): string {
  return JSON.stringify(state, function canonical(this: unknown, key: string, value: unknown): unknown {
    if (key === 'secret') return '';
    const original = this !== null && typeof this === 'object' ? Reflect.get(this, key) : undefined;
    if (Dec.isDecimal(original)) return { $d: new Dec(original).toFixed() };
    if (original instanceof Map) return { $m: [...original.entries()] };
    if (original instanceof Set) return { $s: [...original.values()] };
    return value;
  });
}
