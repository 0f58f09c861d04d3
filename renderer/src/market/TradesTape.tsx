/** Trades tape: the pair's latest public trades, newest on top, buys and sells colored; rows updated in place. */
import { useEffect, useRef } from 'preact/hooks';
import { subscribe } from '../bridge';
import { pairInfo, profileId, selectedPair } from '../state/store';
import { clock, fixed } from './format';
import { buildPool, type PoolRow, setCell, setRowClass, setShown } from './row-pool';
import './trades.css';

export const TAPE_ROWS = 100;

export function TradesTape() {
  const pid = profileId.value;
  const pair = selectedPair.value;
  const info = pairInfo.value;
  const listRef = useRef<HTMLDivElement>(null);
  const rows = useRef<PoolRow[]>([]);
  const infoRef = useRef(info);
  infoRef.current = info;

  useEffect(() => {
    if (listRef.current)
      rows.current = buildPool(
        listRef.current,
        TAPE_ROWS,
        ['tt-time num', 'tt-price num', 'tt-amount num'],
        false,
        'tt-row',
      );
  }, []);

  useEffect(() => {
    for (const r of rows.current) setShown(r, false);
    if (!pid) return;
    return subscribe('market.trades', { profileId: pid, pair }, (trades) => {
      const p = infoRef.current;
      for (let i = 0; i < rows.current.length; i++) {
        const row = rows.current[i] as PoolRow;
        const t = trades[i];
        if (!t || t.pair !== pair) {
          setShown(row, false);
          continue;
        }
        setRowClass(row, `tt-row ${t.side}`);
        setCell(row, 0, clock(t.time));
        setCell(row, 1, p ? fixed(t.price, p.pricePrecision) : t.price);
        setCell(row, 2, p ? fixed(t.amount, p.amountPrecision) : t.amount);
        setShown(row, true);
      }
    });
  }, [pid, pair]);

  return (
    <section class="trades" data-panel="trades" data-testid="trades" aria-label={`Trades ${pair}`}>
      <header class="panel-head">
        <span class="panel-title">Trades</span>
        <span class="muted">{pair.replace('_', '/')}</span>
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
