/**
 * Open orders of the profile, live from account.orders. Arrows move the selection (the list has focus),
 * Delete cancels the selected order (action orders.cancelSelected), a row's button cancels it by mouse.
 */
import Decimal from 'decimal.js';
import { useEffect, useRef } from 'preact/hooks';
import type { Order } from '../../../preload/domain';
import { pairs } from '../state/store';
import { grouped } from './money';

interface OpenOrdersProps {
  orders: Order[] | null;
  selectedId: number | null;
  onSelect(id: number | null): void;
  onCancel(order: Order): void;
  cancelling: ReadonlySet<number>;
}

export function OpenOrders({ orders, selectedId, onSelect, onCancel, cancelling }: OpenOrdersProps) {
  const list = useRef<HTMLDivElement>(null);

  // Keep the selection on a row that exists.
  useEffect(() => {
    if (!orders) return;
    if (selectedId !== null && !orders.some((o) => o.id === selectedId)) onSelect(orders[0]?.id ?? null);
  }, [orders, selectedId, onSelect]);

  if (orders === null) return <div class="tr-empty muted">Loading open orders…</div>;

  const move = (d: number) => {
    if (orders.length === 0) return;
    const i = orders.findIndex((o) => o.id === selectedId);
    const next = orders[Math.max(0, Math.min(orders.length - 1, i < 0 ? 0 : i + d))];
    onSelect(next?.id ?? null);
    list.current?.querySelector(`[data-order-id="${next?.id}"]`)?.scrollIntoView({ block: 'nearest' });
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: a focusable grid of rows with arrow-key selection
    <div
      ref={list}
      class="tr-table-wrap"
      tabIndex={0}
      role="grid"
      aria-label="Open orders: arrows select, Delete cancels"
      data-testid="open-orders"
      data-orders-list
      onFocus={() => {
        if (selectedId === null && orders[0]) onSelect(orders[0].id);
      }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          move(e.key === 'ArrowDown' ? 1 : -1);
        } else if (e.key === 'Home' || e.key === 'End') {
          e.preventDefault();
          onSelect((e.key === 'Home' ? orders[0] : orders[orders.length - 1])?.id ?? null);
        }
      }}
    >
      <table class="tr-table num">
        <thead>
          <tr>
            <th>Time</th>
            <th>Pair</th>
            <th>Side</th>
            <th>Type</th>
            <th class="r">Stop</th>
            <th class="r">Price</th>
            <th class="r">Amount</th>
            <th class="r">Filled</th>
            <th class="r">Total</th>
            <th>TIF</th>
            <th>Wallet</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {orders.length === 0 && (
            <tr>
              <td colSpan={13} class="muted tr-none">
                No open orders
              </td>
            </tr>
          )}
          {orders.map((o) => {
            const p = pairs.value.find((x) => x.name === o.pair);
            const pdp = p?.pricePrecision ?? 2;
            const adp = p?.amountPrecision ?? 8;
            const sel = o.id === selectedId;
            return (
              <tr
                key={o.id}
                class={sel ? 'selected' : ''}
                aria-selected={sel}
                data-order-id={o.id}
                data-testid="open-order-row"
                onClick={() => onSelect(o.id)}
              >
                <td>{time(o.createdAt)}</td>
                <td>{o.pair.replace('_', '/')}</td>
                <td class={o.side}>{o.side === 'buy' ? 'Buy' : 'Sell'}</td>
                <td data-col="type">{typeOnly(o.type)}</td>
                <td class="r" data-col="stop">
                  {stopWords(o, pdp)}
                </td>
                <td class="r">{o.type === 'MARKET' || o.type === 'STOP_MARKET' ? 'market' : grouped(o.price, pdp)}</td>
                <td class="r">{grouped(o.amount, adp)}</td>
                <td class="r">{grouped(o.filled, adp)}</td>
                <td class="r">
                  {o.type === 'LIMIT' || o.type === 'STOP_LIMIT' ? grouped(mul(o.price, o.amount), pdp) : ''}
                </td>
                <td data-col="tif">{o.tif ?? '—'}</td>
                <td data-col="wallet">{walletWords(o.walletType)}</td>
                <td data-col="status">{statusWords(o.status)}</td>
                <td class="r">
                  <button
                    type="button"
                    class="tr-row-btn"
                    tabIndex={-1}
                    disabled={cancelling.has(o.id)}
                    aria-label={`Cancel order ${o.id}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      onCancel(o);
                    }}
                  >
                    {cancelling.has(o.id) ? 'Cancelling…' : 'Cancel'}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function mul(a: string, b: string): Decimal {
  return new Decimal(a).mul(b);
}

const two = (n: number) => String(n).padStart(2, '0');
export function time(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

export function typeOnly(t: Order['type']): string {
  return { LIMIT: 'Limit', MARKET: 'Market', STOP_LIMIT: 'Stop-limit', STOP_MARKET: 'Stop-market' }[t];
}

/** The trigger of a stop as the exchange reports it: "≥ 61 000.00" (operator GTE) or "≤ …" (LTE). */
export function stopWords(o: Pick<Order, 'type' | 'stopPrice' | 'stopOperator'>, pdp: number): string {
  if ((o.type !== 'STOP_LIMIT' && o.type !== 'STOP_MARKET') || o.stopPrice === null) return '';
  const op = o.stopOperator === 'GTE' ? '≥ ' : o.stopOperator === 'LTE' ? '≤ ' : '';
  return `${op}${grouped(o.stopPrice, pdp)}`;
}

export function walletWords(w: Order['walletType']): string {
  return { SPOT: 'Spot', CROSS_MARGIN: 'Cross margin', ISOLATED_MARGIN: 'Isolated margin' }[w];
}

export function typeWords(o: Pick<Order, 'type' | 'tif' | 'stopPrice'>): string {
  const t = { LIMIT: 'Limit', MARKET: 'Market', STOP_LIMIT: 'Stop-limit', STOP_MARKET: 'Stop-market' }[o.type];
  return o.tif && o.tif !== 'GTC' ? `${t} ${o.tif}` : t;
}

export function statusWords(s: Order['status']): string {
  return {
    PENDING: 'Waiting for stop',
    OPEN: 'Open',
    PARTIAL_FILLED: 'Partly filled',
    FILLED: 'Filled',
    CANCELLED: 'Cancelled',
    PARTIAL_CANCELLED: 'Partly filled, cancelled',
    EXPIRED: 'Expired',
    FAILED: 'Failed',
  }[s];
}
