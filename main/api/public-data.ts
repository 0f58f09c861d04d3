/**
 * Public market data in either dialect: currencies, pairs (cached for the order checks), tickers, candles, the
 * order book and public trades. The documented dialect reads v1 and the charts path; the current one reads the
 * same shapes under /api/v3 (alp-api-current.md), so the v1 schemas serve both.
 */
import type { ApiDialect, Candle, Order, OrderBook, Pair, PublicTrade, Ticker } from '../../preload/domain';
import { TIMEFRAMES } from '../../preload/domain';
import { ApiError } from './errors';
import { arrayOf, posInt, publicGet, validationError } from './operations';
import { CURRENT_PATHS, PATHS } from './paths';
import type { RequestPipeline } from './pipeline';
import type { CandlesQuery, OrderbookQuery, PublicTradesQuery } from './types';
import { validate } from './wire/primitives';
import * as current from './wire/current';
import * as v1 from './wire/v1';

/** Most candles one v3 charts call answers. */
const CHARTS_PAGE = 500;

/** The v3 charts `interval` of each app timeframe. */
const CURRENT_INTERVAL: Record<CandlesQuery['timeframe'], string> = {
  '5': '5',
  '15': '15',
  '30': '30',
  '60': '60',
  '240': '240',
  D: '1D',
};

export class PublicData {
  private readonly pairCache = new Map<string, Pair>();
  private pairLoad: Promise<void> | null = null;

  constructor(
    private readonly pipe: RequestPipeline,
    private readonly dialect: ApiDialect,
  ) {}

  async currencies() {
    const path = this.dialect === 'current' ? CURRENT_PATHS.currencies : PATHS.currencies;
    return this.pipe.list(publicGet('currencies', path), v1.currencySchema, 'currencies');
  }

  async pairs(q?: { currency1?: string; currency2?: string }): Promise<Pair[]> {
    const path = this.dialect === 'current' ? CURRENT_PATHS.pairs : PATHS.pairs;
    const pairs = await this.pipe.list(
      publicGet('pairs', path, { currency1: q?.currency1, currency2: q?.currency2 }),
      v1.pairSchema,
      'pairs',
    );
    for (const p of pairs) this.pairCache.set(p.name, p);
    return pairs;
  }

  /** The pair's rules for the order checks; loads the pair list once when the pair is not cached. */
  async pairInfo(operation: string, name: string): Promise<Pair> {
    let p = this.pairCache.get(name);
    if (p) return p;
    if (!this.pairLoad) {
      this.pairLoad = this.pairs().then(
        () => {
          this.pairLoad = null;
        },
        (e: unknown) => {
          this.pairLoad = null;
          throw e;
        },
      );
    }
    await this.pairLoad;
    p = this.pairCache.get(name);
    if (!p) throw validationError(operation, `Unknown pair ${name}: the exchange does not list it.`, 'pair');
    return p;
  }

  async tickers(q?: { pair?: string }): Promise<Ticker[]> {
    if (this.dialect === 'documented')
      return this.pipe.list(publicGet('ticker', PATHS.ticker, { pair: q?.pair }), v1.tickerSchema, 'tickers');
    // With `pair` today's exchange may answer one object instead of a list.
    const { body } = await this.pipe.execute(publicGet('ticker', CURRENT_PATHS.ticker, { pair: q?.pair }));
    const list = Array.isArray(body) ? body : body === undefined ? [] : [body];
    return validate(arrayOf(current.tickerSchema), list, 'tickers', 'ticker');
  }

  async candles(q: CandlesQuery): Promise<Candle[]> {
    const op = 'charts';
    if (!TIMEFRAMES.includes(q.timeframe)) {
      throw validationError(
        op,
        `Timeframe ${String(q.timeframe)} is not one of ${TIMEFRAMES.join(', ')}.`,
        'timeframe',
      );
    }
    const sec = (ms: number | undefined, f: string) => {
      if (ms === undefined) return undefined;
      if (!Number.isFinite(ms) || ms < 0) throw validationError(op, `${f} must be epoch ms.`, f);
      return Math.floor(ms / 1000);
    };
    const range = { limit: posInt(op, 'limit', q.limit), since: sec(q.since, 'since'), until: sec(q.until, 'until') };
    if (this.dialect === 'documented')
      return this.pipe.list(publicGet(op, PATHS.charts(q.pair, q.timeframe), range), v1.candleSchema, 'candles');
    return this.currentCandles(q.pair, CURRENT_INTERVAL[q.timeframe], range);
  }

  /**
   * Today's charts call answers at most 500 candles: a longer history is read in pages of 500 going back in time
   * (each page ends just before the oldest candle of the previous one), merged oldest first.
   */
  private async currentCandles(
    pair: string,
    interval: string,
    range: { limit: number | undefined; since: number | undefined; until: number | undefined },
  ): Promise<Candle[]> {
    const want = range.limit;
    const byTime = new Map<number, Candle>();
    let until = range.until;
    for (let page = 0; page < 40; page++) {
      const left = want === undefined ? CHARTS_PAGE : Math.min(CHARTS_PAGE, want - byTime.size);
      const candles = await this.pipe.list(
        publicGet('charts', CURRENT_PATHS.charts, { pair, interval, limit: left, since: range.since, until }),
        v1.candleSchema,
        'candles',
      );
      for (const c of candles) byTime.set(c.time, c);
      const oldest = candles.reduce((m, c) => Math.min(m, c.time), Number.POSITIVE_INFINITY);
      if (want === undefined || byTime.size >= want || candles.length < left || !Number.isFinite(oldest)) break;
      until = Math.floor(oldest / 1000) - 1;
    }
    return [...byTime.values()].sort((a, b) => a.time - b.time);
  }

  async orderbook(q: OrderbookQuery): Promise<OrderBook> {
    const op = 'orderbook';
    const query = {
      limit_sell: posInt(op, 'limitSell', q.limitSell),
      limit_buy: posInt(op, 'limitBuy', q.limitBuy),
      group: q.group === undefined ? undefined : q.group ? 1 : 0,
    };
    const request =
      this.dialect === 'current'
        ? publicGet(op, CURRENT_PATHS.orderbook, { pair: q.pair, ...query })
        : publicGet(op, PATHS.orderbook(q.pair), query);
    const { body } = await this.pipe.execute(request);
    const w = validate(v1.orderbookSchema, body, 'orderbook', op);
    return { pair: q.pair, bids: w.bids, asks: w.asks, time: this.pipe.now() };
  }

  async publicTrades(q?: PublicTradesQuery): Promise<PublicTrade[]> {
    const op = 'exchanges';
    const limit = posInt(op, 'limit', q?.limit);
    const offset = posInt(op, 'offset', q?.offset);
    if (this.dialect === 'documented') {
      const query = { pair: q?.pair, limit, offset, ordering: q?.ordering };
      return this.pipe.list(publicGet(op, PATHS.exchanges, query), v1.publicTradeSchema, 'exchanges');
    }
    if (!q?.pair)
      throw validationError('trades', "Today's exchange lists public trades per pair: give the pair.", 'pair');
    const trades = await this.pipe.list(
      publicGet('trades', CURRENT_PATHS.trades, { pair: q.pair, limit, offset }),
      v1.publicTradeSchema,
      'trades',
    );
    // The v3 trades call takes no ordering: sort here as asked (newest first by default, like `-id`).
    const asc = q.ordering === 'id';
    return [...trades].sort((a, b) => (asc ? a.id - b.id : b.id - a.id));
  }

  /** v1's public single-order read (the documented dialect only; the current one reads own orders instead). */
  async order(id: number): Promise<Order> {
    const op = 'order';
    if (!Number.isSafeInteger(id) || id <= 0)
      throw validationError(op, `Order id must be a positive whole number (got ${id}).`, 'id');
    if (this.dialect === 'current')
      throw new ApiError({ kind: 'unsupported', operation: op, message: 'order: not a public call today' });
    const { body } = await this.pipe.execute(publicGet(op, PATHS.order(id)));
    return validate(v1.singleOrderSchema, body, 'order', op);
  }
}
