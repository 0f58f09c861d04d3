/**
 * What happened to an order the trader just sent, in plain words, for the ticket and the toast alike: resting,
 * partly filled, filled, a stop waiting for its trigger, killed by IOC/FOK (with what filled), or not placed /
 * unknown. Read from the order's real state (the stream or one read-back, settled in main), never guessed.
 */
import Decimal from 'decimal.js';
import type { Order, Pair, PlaceOrderResult } from '../../../preload/domain';
import { grouped } from './money';

export type OutcomeKind =
  | 'resting'
  | 'partly_filled'
  | 'filled'
  | 'stop_waiting'
  | 'killed'
  | 'cancelled'
  | 'expired'
  | 'failed'
  | 'placed'
  | 'not_created'
  | 'unknown';

export interface OutcomeText {
  kind: OutcomeKind;
  /** Short headline: "Filled", "Killed by FOK", ... */
  label: string;
  /** One sentence with the amounts. */
  detail: string;
  tone: 'success' | 'info' | 'error';
}

function killedBy(o: Order): string | null {
  if (o.type === 'MARKET') return 'market order';
  if (o.tif === 'IOC' || o.tif === 'FOK') return o.tif;
  return null;
}

export function outcomeOf(r: PlaceOrderResult, pair: Pair | undefined): OutcomeText {
  if (r.outcome === 'not_created')
    return {
      kind: 'not_created',
      label: 'Not placed',
      detail: r.message ?? 'The order was not placed.',
      tone: 'error',
    };
  if (r.outcome === 'unknown')
    return {
      kind: 'unknown',
      label: 'Outcome unknown',
      detail: r.message ?? 'The exchange did not confirm the order; check Open orders.',
      tone: 'error',
    };
  const id = r.orderId !== null ? `#${r.orderId} ` : '';
  const o = r.order;
  if (!o) return { kind: 'placed', label: 'Placed', detail: `Order ${id}placed.`, tone: 'success' };
  const base = o.pair.split('_')[0] ?? '';
  const adp = pair?.amountPrecision ?? 8;
  const pdp = pair?.pricePrecision ?? 2;
  const amt = (v: string) => `${grouped(v, adp)} ${base}`;
  const side = o.side === 'buy' ? 'Buy' : 'Sell';
  const filled = new Decimal(o.filled);
  const at = o.type === 'LIMIT' || o.type === 'STOP_LIMIT' ? ` at ${grouped(o.price, pdp)}` : '';
  switch (o.status) {
    case 'PENDING': {
      const op = o.stopOperator === 'LTE' ? '≤' : '≥';
      const trigger = o.stopPrice !== null ? ` when the price is ${op} ${grouped(o.stopPrice, pdp)}` : '';
      return {
        kind: 'stop_waiting',
        label: 'Stop waiting',
        detail: `${side} ${amt(o.amount)}${at}: order ${id}triggers${trigger}.`,
        tone: 'success',
      };
    }
    case 'OPEN':
      return {
        kind: 'resting',
        label: 'Resting',
        detail: `${side} ${amt(o.amount)}${at}: order ${id}is on the book.`,
        tone: 'success',
      };
    case 'PARTIAL_FILLED':
      return {
        kind: 'partly_filled',
        label: 'Partly filled',
        detail: `${side}: ${amt(o.filled)} of ${amt(o.amount)} filled; the rest of order ${id}rests${at}.`,
        tone: 'success',
      };
    case 'FILLED':
      return {
        kind: 'filled',
        label: 'Filled',
        detail: `${side}: filled ${amt(o.filled)}${at} (order ${id.trim()}).`,
        tone: 'success',
      };
    case 'CANCELLED':
    case 'PARTIAL_CANCELLED': {
      const by = killedBy(o);
      if (by)
        return {
          kind: 'killed',
          label: `Killed by ${by}`,
          detail: filled.isZero()
            ? `${side} ${amt(o.amount)}${at}: nothing filled; order ${id}was cancelled at once.`
            : `${side}: ${amt(o.filled)} of ${amt(o.amount)} filled, the rest of order ${id}was cancelled at once.`,
          tone: filled.isZero() ? 'error' : 'info',
        };
      return {
        kind: 'cancelled',
        label: 'Cancelled',
        detail: `Order ${id}was cancelled (${amt(o.filled)} filled).`,
        tone: 'info',
      };
    }
    case 'EXPIRED':
      return {
        kind: 'expired',
        label: 'Expired',
        detail: `Order ${id}expired (${amt(o.filled)} filled).`,
        tone: 'info',
      };
    case 'FAILED':
      return { kind: 'failed', label: 'Failed', detail: `The exchange reports order ${id}as failed.`, tone: 'error' };
  }
}
