/**
 * The WebSocket frames of today's exchange (alp-api-current.md), validated at the boundary with zod. Frames are
 * parsed losslessly so money keeps its exact digits; amounts come as strings (or numbers) and leave as canonical
 * decimal strings. A frame that does not fit is dropped and counted, never half-applied.
 */
import { parse } from 'lossless-json';
import { z } from 'zod';
import type { BookLevel, OrderStatus, OrderType, Side, StopOperator, WalletType } from '../../../preload/domain';
import { zSideAny, zWalletAny } from '../wire/current';
import { zDec, zDecOpt, zInt, zStr, zStrOpt, zTimeOpt } from '../wire/primitives';

export interface TickerUpdate {
  pair: string;
  last: string;
  volume: string;
  changePct: string;
  high: string;
  low: string;
  bid: string;
  ask: string;
}

export interface OrderUpdate {
  id: number;
  pair: string;
  side: Side;
  type: OrderType;
  amount: string;
  price: string;
  unfilled: string;
  filled: string;
  cancelled: string;
  priceAvg: string | null;
  doneAt: number | null;
  status: OrderStatus;
  quoteAmount: string | null;
  walletType: WalletType;
  stopPrice: string | null;
  stopOperator: StopOperator | null;
}

export interface WalletUpdate {
  currency: string;
  walletType: WalletType | 'FUNDING';
  pair: string | null;
  balance: string;
  reserve: string;
}

export type StreamMessage =
  | { kind: 'welcome'; pingIntervalMs: number | null; clientId: string | null }
  | { kind: 'subscribed'; topics: string[] }
  | { kind: 'unsubscribed'; topics: string[] }
  | { kind: 'error'; message: string }
  | { kind: 'auth'; ok: boolean }
  | { kind: 'ticker'; tickers: TickerUpdate[] }
  | { kind: 'trade'; id: number; pair: string; amount: string; price: string; side: Side; time: number | null }
  | { kind: 'diff'; pair: string; asks: BookLevel[]; bids: BookLevel[] }
  | { kind: 'depth'; pair: string; asks: BookLevel[]; bids: BookLevel[] }
  | { kind: 'order'; order: OrderUpdate }
  | { kind: 'wallet'; wallet: WalletUpdate };

const level = z
  .tuple([zDec, zDec])
  .rest(z.any())
  .transform(([price, amount]): BookLevel => ({ price, amount }));
const levels = z.array(level);

const tickerRow = z
  .tuple([zStr, zDec, zDec, zDec.optional(), zDec, zDec, zDec, zDec, zDec])
  .rest(z.any())
  .transform(
    ([pair, last, volume, _quoteVol, changePct, high, low, bid, ask]): TickerUpdate => ({
      pair,
      last,
      volume,
      changePct,
      high,
      low,
      bid,
      ask,
    }),
  );

const ORDER_TYPES = ['LIMIT', 'MARKET', 'STOP_LIMIT', 'STOP_MARKET'] as const;
const zOrderType = z.any().transform((v, ctx): OrderType => {
  const s = typeof v === 'string' ? v.toUpperCase() : '';
  const hit = ORDER_TYPES.find((t) => t === s);
  if (hit) return hit;
  ctx.addIssue({ code: 'custom', message: `expected an order type, got ${JSON.stringify(v)}` });
  return z.NEVER;
});
const STATUSES = ['PENDING', 'OPEN', 'PARTIAL_FILLED', 'FILLED', 'CANCELLED', 'EXPIRED', 'FAILED'] as const;
const zStatus = z.any().transform((v, ctx): OrderStatus => {
  const s = typeof v === 'string' ? v.toUpperCase() : '';
  if (s === 'PARTIAL_CANCELED' || s === 'PARTIAL_CANCELLED') return 'PARTIAL_CANCELLED';
  if (s === 'CANCELED') return 'CANCELLED';
  const hit = STATUSES.find((t) => t === s);
  if (hit) return hit;
  ctx.addIssue({ code: 'custom', message: `expected an order status, got ${JSON.stringify(v)}` });
  return z.NEVER;
});
const zStopOp = z.any().transform((v): StopOperator | null => {
  const s = typeof v === 'string' ? v.toUpperCase() : '';
  return s === 'GTE' || s === 'LTE' ? s : null;
});

const orderFrame = z
  .tuple([
    z.literal('o'),
    z.any(), // ts
    zInt,
    zStr,
    zSideAny,
    zOrderType,
    zDec, // base amount
    zDecOpt, // limit price
    zDec, // unfilled
    zDec, // filled
    zDec, // cancelled
    zDecOpt, // value filled
    zDecOpt, // average price
    zTimeOpt, // done at
    zStatus,
    zDecOpt, // quote amount
    zWalletAny,
    zDecOpt, // stop price
    zStopOp,
  ])
  .rest(z.any())
  .transform(
    ([
      ,
      ,
      id,
      pair,
      side,
      type,
      amount,
      price,
      unfilled,
      filled,
      cancelled,
      ,
      priceAvg,
      doneAt,
      status,
      quote,
      wallet,
      stop,
      op,
    ]): OrderUpdate | null =>
      wallet === 'FUNDING'
        ? null
        : {
            id,
            pair,
            side,
            type,
            amount,
            price: price ?? '0',
            unfilled,
            filled,
            cancelled,
            priceAvg,
            doneAt,
            status,
            quoteAmount: quote,
            walletType: wallet,
            stopPrice: stop === '0' ? null : stop,
            stopOperator: op,
          },
  );

const walletFrame = z
  .tuple([z.literal('w'), z.any(), zStr, zWalletAny, zStrOpt, zDec, zDec])
  .rest(z.any())
  .transform(
    ([, , currency, walletType, pair, balance, reserve]): WalletUpdate => ({
      currency,
      walletType,
      pair: pair === '' ? null : pair,
      balance,
      reserve,
    }),
  );

const tradeFrame = z
  .tuple([z.literal('t'), z.any(), zInt, zStr, zDec, zDec, zSideAny])
  .rest(z.any())
  .transform(([, ts, id, pair, amount, price, side]) => ({ id, pair, amount, price, side, ts }));

const diffFrame = z.tuple([z.literal('d'), z.any(), zStr, z.tuple([levels, levels]).rest(z.any())]).rest(z.any());

const depthFrame = z
  .tuple([
    z.literal('p'),
    z.any(),
    z.object({ Asks: levels.nullish(), Bids: levels.nullish(), Symbol: zStr }).passthrough(),
  ])
  .rest(z.any());

/** Exchange timestamps may be s, ms, µs or ns: reduce to ms when plausible, else null (receive time is used). */
function tsToMs(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number(String(v));
  if (!Number.isFinite(n) || n <= 0) return null;
  let ms = n;
  while (ms > 1e14) ms /= 1000; // ns/µs -> ms
  if (ms < 1e11) ms *= 1000; // s -> ms
  return Math.round(ms);
}

/** One text frame -> a message, `'ping'` for the keepalive, or null when it is not a frame we understand. */
export function parseFrame(text: string): StreamMessage | 'ping' | null {
  const t = text.trim();
  if (t === '1') return 'ping';
  let raw: unknown;
  try {
    raw = parse(t);
  } catch {
    return null;
  }
  if (!Array.isArray(raw) || typeof raw[0] !== 'string') return null;
  const kind: string = raw[0];
  switch (kind) {
    case 'welcome': {
      // The ping interval is given in nanoseconds.
      const ns = Number(String(raw[2]));
      const client = typeof raw[4] === 'string' ? raw[4] : null;
      return { kind: 'welcome', pingIntervalMs: Number.isFinite(ns) && ns > 0 ? ns / 1e6 : null, clientId: client };
    }
    case 'subscribe':
    case 'unsubscribe': {
      const topics = raw.slice(2).filter((x): x is string => typeof x === 'string');
      return kind === 'subscribe' ? { kind: 'subscribed', topics } : { kind: 'unsubscribed', topics };
    }
    case 'auth':
      return { kind: 'auth', ok: raw[2] === 'ok' };
    case 'error':
      return { kind: 'error', message: typeof raw[2] === 'string' ? raw[2] : 'stream error' };
    case 'tk': {
      const rows = z.array(tickerRow).safeParse(raw.slice(2));
      return rows.success ? { kind: 'ticker', tickers: rows.data } : null;
    }
    case 't': {
      const r = tradeFrame.safeParse(raw);
      if (!r.success) return null;
      const { id, pair, amount, price, side, ts } = r.data;
      return { kind: 'trade', id, pair, amount, price, side, time: tsToMs(ts) };
    }
    case 'd': {
      const r = diffFrame.safeParse(raw);
      if (!r.success) return null;
      const [asks, bids] = r.data[3];
      return { kind: 'diff', pair: r.data[2], asks, bids };
    }
    case 'p': {
      const r = depthFrame.safeParse(raw);
      if (!r.success) return null;
      const d = r.data[2];
      return { kind: 'depth', pair: d.Symbol, asks: d.Asks ?? [], bids: d.Bids ?? [] };
    }
    case 'o': {
      const r = orderFrame.safeParse(raw);
      return r.success && r.data ? { kind: 'order', order: r.data } : null;
    }
    case 'w': {
      const r = walletFrame.safeParse(raw);
      return r.success ? { kind: 'wallet', wallet: r.data } : null;
    }
    default:
      return null;
  }
}

/** The topics a message belongs to (for routing to subscribers). */
export function topicsOf(m: StreamMessage): string[] {
  switch (m.kind) {
    case 'trade':
      return [`trade.${m.pair}`, 'trade.*'];
    case 'diff':
      return [`diff.${m.pair}`];
    case 'depth':
      return [`market_depth.${m.pair}`];
    case 'ticker':
      return ['ticker.*', ...m.tickers.map((t) => `ticker.${t.pair}`)];
    default:
      return [];
  }
}
