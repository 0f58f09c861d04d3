/**
 * Order book: asks above, bids below, cumulative depth bars, price grouping (tick ×1/×10/×100), spread row.
 * Rows come from a fixed pool updated in place at the feed's rate; a click on a price opens the ticket with it
 * (an ask -> buy at that price, a bid -> sell).
 */
import Decimal from 'decimal.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import type { OrderBook as Book } from '../../../preload/domain';
import { subscribe } from '../bridge';
import type { FreshnessSource } from '../shell/panel-freshness';
import { StaleTag } from '../shell/StaleTag';
import { bestAsk, bestBid, pairInfo, profileId, requestTicket, selectedPair } from '../state/store';
import { DepthChart } from './DepthChart';
import { compact } from './format';
import { type DepthLevel, type Grouping, groupingSteps, groupLevels } from './group';
import { perFrame } from './per-frame';
import { buildPool, fittedPool, type PoolRow, setBar, setCell, setShown } from './row-pool';
import './orderbook.css';

/** Rows per side: the feed asks the exchange for 200 levels a side. */
export const BOOK_ROWS = 200;
/** Row height in px (matches .ob-row in orderbook.css). */
const ROW_PX = 17;
const MULTIPLIERS = ['1', '10', '100'];

interface SideView {
  rows: PoolRow[];
  levels: DepthLevel[];
}

function fill(side: SideView, levels: DepthLevel[], maxTotal: number, amountPlaces: number): void {
  side.levels = levels;
  for (let i = 0; i < side.rows.length; i++) {
    const row = side.rows[i] as PoolRow;
    const l = levels[i];
    if (!l) {
      setShown(row, false);
      continue;
    }
    setCell(row, 0, l.price);
    setCell(row, 1, l.amount);
    setCell(row, 2, l.totalNum >= 1e4 ? compact(l.total, amountPlaces) : l.total);
    setBar(row, maxTotal > 0 ? l.totalNum / maxTotal : 0);
    setShown(row, true);
  }
}

export function OrderBook({ depthPlugins }: { depthPlugins?: readonly uPlot.Plugin[] } = {}) {
  const pid = profileId.value;
  const pair = selectedPair.value;
  const info = pairInfo.value;
  const [mult, setMult] = useState(0);
  const [showDepth, setShowDepth] = useState(true);
  const asksRef = useRef<HTMLDivElement>(null);
  const bidsRef = useRef<HTMLDivElement>(null);
  const spreadRef = useRef<HTMLSpanElement>(null);
  const spreadPctRef = useRef<HTMLSpanElement>(null);
  const view = useRef<{ asks: SideView; bids: SideView; book: Book | null } | null>(null);
  const paint = useRef<() => void>(() => {});
  const fresh = useRef<FreshnessSource>({ at: null });

  // The pools, built once per mount; one click listener per side finds the row's level.
  useEffect(() => {
    const asksEl = asksRef.current;
    const bidsEl = bidsRef.current;
    if (!asksEl || !bidsEl) return;
    const cells = ['ob-price num', 'ob-amount num', 'ob-total num'];
    // The asks stack sits on the spread: best ask at the bottom, growing upward.
    const asksStack = document.createElement('div');
    asksStack.className = 'ob-stack';
    asksEl.replaceChildren(asksStack);
    const v: { asks: SideView; bids: SideView; book: Book | null } = {
      asks: { rows: [], levels: [] },
      bids: { rows: [], levels: [] },
      book: null,
    };
    view.current = v;
    // Only the rows that fit are in the DOM: the feed brings up to 200 levels a side, the panel shows the best.
    const stopAsks = fittedPool(
      asksEl,
      ROW_PX,
      BOOK_ROWS,
      (n) => buildPool(asksStack, n, cells, true, 'ob-row ask', true),
      (rows) => {
        v.asks.rows = rows;
        paint.current();
      },
    );
    const stopBids = fittedPool(
      bidsEl,
      ROW_PX,
      BOOK_ROWS,
      (n) => buildPool(bidsEl, n, cells, true, 'ob-row bid'),
      (rows) => {
        v.bids.rows = rows;
        paint.current();
      },
    );
    const onClick = (side: 'ask' | 'bid') => (e: MouseEvent) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('.ob-row');
      if (!row) return;
      const level = (side === 'ask' ? v.asks : v.bids).levels[Number(row.dataset.index)];
      // Clicking an ask means taking it: buy at that price; a bid: sell.
      if (level) requestTicket(side === 'ask' ? 'buy' : 'sell', level.price);
    };
    const onAsk = onClick('ask');
    const onBid = onClick('bid');
    asksEl.addEventListener('click', onAsk);
    bidsEl.addEventListener('click', onBid);
    return () => {
      stopAsks();
      stopBids();
      asksEl.removeEventListener('click', onAsk);
      bidsEl.removeEventListener('click', onBid);
    };
  }, []);

  // What a book payload does to the rows, re-bound when the pair's precision or the grouping changes.
  useEffect(() => {
    const g: Grouping = {
      pricePlaces: info?.pricePrecision ?? 2,
      amountPlaces: info?.amountPrecision ?? 4,
      ticks: 10 ** mult,
    };
    paint.current = () => {
      const v = view.current;
      const book = v?.book;
      if (!v || !book) return;
      const asks = groupLevels(book.asks, g, 'ask', BOOK_ROWS);
      const bids = groupLevels(book.bids, g, 'bid', BOOK_ROWS);
      // Depth bars scale to the deepest level on screen.
      const shownAsk = asks[Math.min(asks.length, v.asks.rows.length) - 1];
      const shownBid = bids[Math.min(bids.length, v.bids.rows.length) - 1];
      const maxTotal = Math.max(shownAsk?.totalNum ?? 0, shownBid?.totalNum ?? 0);
      fill(v.asks, asks, maxTotal, g.amountPlaces);
      fill(v.bids, bids, maxTotal, g.amountPlaces);
      const bid = book.bids[0]?.price;
      const ask = book.asks[0]?.price;
      let spread = '';
      let pct = '';
      if (bid && ask) {
        const s = new Decimal(ask).minus(bid);
        spread = info ? s.toFixed(info.pricePrecision) : s.toString();
        pct = `${s.div(ask).times(100).toFixed(3)}%`;
      }
      if (spreadRef.current && spreadRef.current.textContent !== spread) spreadRef.current.textContent = spread;
      if (spreadPctRef.current && spreadPctRef.current.textContent !== pct) spreadPctRef.current.textContent = pct;
    };
    paint.current();
  }, [info, mult]);

  // The stream of the active profile's selected pair.
  useEffect(() => {
    const v = view.current;
    if (!pid || !v) return;
    v.book = null;
    fill(v.asks, [], 0, 0);
    fill(v.bids, [], 0, 0);
    bestBid.value = null;
    bestAsk.value = null;
    fresh.current.at = null;
    // Rows are painted once per animation frame with the newest book, however many arrived in between.
    const painter = perFrame(() => paint.current());
    const stop = subscribe('market.book', { profileId: pid, pair }, (book) => {
      if (book.pair !== pair) return;
      fresh.current.at = Date.now();
      v.book = book;
      bestBid.value = book.bids[0]?.price ?? null;
      bestAsk.value = book.asks[0]?.price ?? null;
      painter.schedule();
    });
    return () => {
      stop();
      painter.cancel();
    };
  }, [pid, pair]);

  const steps = groupingSteps(info?.pricePrecision ?? 2);
  return (
    <section class="orderbook" data-panel="orderbook" data-testid="orderbook" aria-label={`Order book ${pair}`}>
      <header class="panel-head">
        <span class="panel-title">Order book</span>
        <span class="muted ob-pair">{pair.replace('_', '/')}</span>
        <StaleTag source={fresh.current} />
        <button
          type="button"
          class="chart-tf ob-depth-toggle"
          aria-pressed={showDepth}
          data-testid="book-depth-toggle"
          title="Show or hide the depth chart under the book"
          onClick={() => setShowDepth((v) => !v)}
        >
          Depth
        </button>
        <label class="ob-group">
          <span class="muted">Group</span>
          <select
            data-testid="book-grouping"
            value={String(mult)}
            onChange={(e) => setMult(Number((e.target as HTMLSelectElement).value))}
          >
            {MULTIPLIERS.map((m, i) => (
              <option key={m} value={String(i)}>
                {steps[i]}
              </option>
            ))}
          </select>
        </label>
      </header>
      <div class="ob-cols muted">
        <span>Price{info ? ` (${info.quote})` : ''}</span>
        <span>Amount{info ? ` (${info.base})` : ''}</span>
        <span>Total</span>
      </div>
      <div class="ob-side ob-asks" data-testid="book-asks" ref={asksRef} />
      <div class="ob-spread" data-testid="book-spread">
        <span class="muted">Spread</span>
        <span class="num" ref={spreadRef} />
        <span class="num muted" ref={spreadPctRef} />
      </div>
      <div class="ob-side ob-bids" data-testid="book-bids" ref={bidsRef} />
      {showDepth && <DepthChart {...(depthPlugins ? { plugins: depthPlugins } : {})} />}
    </section>
  );
}
