/**
 * Trades tape: the pair's latest public trades, newest on top, buys and sells colored. Only the rows that fit
 * exist, updated in place.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { PublicTrade } from '../../../preload/domain';
import { subscribe } from '../bridge';
import type { FreshnessSource } from '../shell/panel-freshness';
import { StaleTag } from '../shell/StaleTag';
import { pairInfo, profileId, selectedPair } from '../state/store';
import { clock, fixed } from './format';
import { buildPool, fittedPool, type PoolRow, setCell, setRowClass, setShown } from './row-pool';
import './trades.css';

export const TAPE_ROWS = 100;
/** Row height in px (matches .tt-row in trades.css). */
const ROW_PX = 17;

export function TradesTape() {
  const pid = profileId.value;
  const pair = selectedPair.value;
  const info = pairInfo.value;
  const listRef = useRef<HTMLDivElement>(null);
  const rows = useRef<PoolRow[]>([]);
  const last = useRef<PublicTrade[]>([]);
  const fresh = useRef<FreshnessSource>({ at: null });
  const infoRef = useRef(info);
  infoRef.current = info;

  const fillRow = (row: PoolRow, t: PublicTrade) => {
    const p = infoRef.current;
    setRowClass(row, `tt-row ${t.side}`);
    setCell(row, 0, clock(t.time));
    setCell(row, 1, p ? fixed(t.price, p.pricePrecision) : t.price);
    setCell(row, 2, p ? fixed(t.amount, p.amountPrecision) : t.amount);
    setShown(row, true);
  };

  const paint = () => {
    const trades = last.current;
    for (let i = 0; i < rows.current.length; i++) {
      const row = rows.current[i] as PoolRow;
      const t = trades[i];
      if (t) fillRow(row, t);
      else setShown(row, false);
    }
  };
  const paintRef = useRef(paint);
  paintRef.current = paint;

  useEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const cells = ['tt-time num', 'tt-price num', 'tt-amount num'];
    return fittedPool(
      el,
      ROW_PX,
      TAPE_ROWS,
      (n) => buildPool(el, n, cells, false, 'tt-row'),
      (r) => {
        rows.current = r;
        paintRef.current();
      },
    );
  }, []);

  useEffect(() => {
    last.current = [];
    fresh.current.at = null;
    paintRef.current();
    if (!pid) return;
    return subscribe('market.trades', { profileId: pid, pair }, (payload) => {
      fresh.current.at = Date.now();
      const trades = payload.filter((t) => t.pair === pair);
      const prevTop = last.current[0]?.id;
      last.current = trades;
      // New trades on top: move that many rows from the bottom to the top and fill only them; every other row
      // keeps its text (a tape that rewrote all rows would re-lay out all of them at every print).
      const shift = prevTop === undefined ? -1 : trades.findIndex((t) => t.id === prevTop);
      const pool = rows.current;
      const list = listRef.current;
      if (list && shift > 0 && shift < pool.length && pool.every((r) => r.shown)) {
        const moved = pool.splice(pool.length - shift, shift);
        for (let i = moved.length - 1; i >= 0; i--) list.insertBefore((moved[i] as PoolRow).el, list.firstChild);
        pool.unshift(...moved);
        for (let i = 0; i < shift; i++) fillRow(pool[i] as PoolRow, trades[i] as PublicTrade);
      } else if (shift !== 0) paintRef.current();
    });
  }, [pid, pair]);

  // Precision arrived or changed: repaint what is shown.
  useEffect(() => paintRef.current(), [info]);

  return (
    <section class="trades" data-panel="trades" data-testid="trades" aria-label={`Trades ${pair}`}>
      <header class="panel-head">
        <span class="panel-title">Trades</span>
        <span class="muted">{pair.replace('_', '/')}</span>
        <StaleTag source={fresh.current} />
      </header>
      <div class="tt-cols muted">
        <span>Time</span>
        <span>Price{info ? ` (${info.quote})` : ''}</span>
        <span>Amount{info ? ` (${info.base})` : ''}</span>
      </div>
      <div class="tt-list" data-testid="trades-list" ref={listRef} />
    </section>
  );
}
