/** Helpers for the algo tests: a quiet paper exchange, a trader and a scripted counterparty, an engine. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { NotificationHub } from '../../main/alerts/notifier';
import { type AlgoClient, AlgoEngine, type AlgoEngineDeps } from '../../main/algos/engine';
import { createAlgoJournal } from '../../main/algos/journal';
import type { PriceSource } from '../../main/algos/prices';
import type { AlpClient } from '../../main/api/types';
import type { PaperExchangeInternals, PaperExchangeOptions } from '../../main/paper';
import type { OrderRecord } from '../../main/paper/state';
import type { AlgoView } from '../../preload/domain';
import { startQuietPaper, type TraderKeys, traderClient } from '../support/paper-traders';
import { CLIENT_TIMEOUT_MS, TEST_DEADLINES } from './deadlines';

export { CLIENT_TIMEOUT_MS, TEST_DEADLINES };

export const TRADER = {
  name: 'algo-trader',
  key: 'algo-trader-key',
  secret: 'algo-trader-secret',
  balances: { USD: '1000000', BTC: '20', ETH: '200' },
};
export const COUNTER = {
  name: 'algo-counter',
  key: 'algo-counter-key',
  secret: 'algo-counter-secret',
  balances: { USD: '1000000', BTC: '20', ETH: '200' },
};

export function startVenue(extra: PaperExchangeOptions = {}): Promise<PaperExchangeInternals> {
  return startQuietPaper([TRADER, COUNTER], { seed: 3, ...extra });
}

export function clientOf(url: string, who: TraderKeys, timeoutMs = CLIENT_TIMEOUT_MS): AlpClient {
  return traderClient(url, who, { timeoutMs });
}

/** Tickers polled from the exchange's public endpoint (what the hub's market.tickers source does in the app). */
export function polledPrices(client: AlpClient, everyMs = 250): PriceSource {
  return {
    subscribe(listener) {
      let stopped = false;
      const loop = async () => {
        while (!stopped) {
          try {
            listener(await client.tickers());
          } catch {
            // offline: the engine's own reads say so
          }
          await new Promise((r) => setTimeout(r, everyMs));
        }
      };
      void loop();
      return () => {
        stopped = true;
      };
    },
  };
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'alp-algos-'));
}

export interface TestEngine {
  engine: AlgoEngine;
  notes: NotificationHub;
  views: AlgoView[][];
  latest(id: string): AlgoView;
}

export async function startEngine(
  client: AlgoClient,
  dir: string,
  extra: Partial<AlgoEngineDeps> = {},
): Promise<TestEngine> {
  const notes = new NotificationHub();
  const views: AlgoView[][] = [];
  const engine = new AlgoEngine({
    profileId: 'p1',
    client,
    journal: createAlgoJournal(dir),
    prices: null,
    notifier: notes,
    pollMs: 300,
    ...TEST_DEADLINES,
    onChange: (v) => views.push(v),
    ...extra,
  });
  await engine.start();
  return {
    engine,
    notes,
    views,
    latest: (id) => {
      const v = engine.list().find((x) => x.id === id);
      if (!v) throw new Error(`no algo ${id}`);
      return v;
    },
  };
}

/** Orders of one algo as the exchange holds them (by the client order id prefix), oldest first. */
export interface ExchangeOrder {
  id: number;
  clientOrderId: string;
  side: OrderRecord['side'];
  type: OrderRecord['type'];
  status: OrderRecord['status'];
  price: string;
  stopPrice: string;
  amount: string;
  filled: string;
  createdAt: number;
}

export function exchangeChildren(paper: PaperExchangeInternals, algoId: string): ExchangeOrder[] {
  return [...paper.core.state.orders.values()]
    .filter((o) => o.clientOrderId.startsWith(`${algoId}-`))
    .sort((a, b) => a.id - b.id)
    .map((o) => ({
      id: o.id,
      clientOrderId: o.clientOrderId,
      side: o.side,
      type: o.type,
      status: o.status,
      price: o.price.toFixed(),
      stopPrice: o.stopPrice.toFixed(),
      amount: o.amount.toFixed(),
      filled: o.filled.toFixed(),
      createdAt: o.createdAt,
    }));
}

/** Waits for a condition, polling; fails with `what` after the timeout (generous: the box is shared). */
export async function until<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 25_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function expectDistinctIds(orders: ExchangeOrder[]): void {
  const ids = orders.map((o) => o.clientOrderId);
  expect(new Set(ids).size).toBe(ids.length);
}
