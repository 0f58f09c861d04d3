/**
 * The real outcome of an order the exchange just accepted: it may be resting, partly filled, filled, a pending
 * stop, or killed at once by IOC/FOK (with what filled before). The placing answer carries only the id, so the
 * state comes from the private stream when it is live (no extra call), else from one read-back of the pair's
 * recent orders. If neither tells, the result stays "created" without a state (the UI says "placed").
 */
import type { Order, OrderType, PlaceOrderResult, TimeInForce } from '../../preload/domain';
import type { AlpClient } from '../api/types';
import type { SetTimer } from '../market/timers';
import type { PrivateFeed } from './private-feed';

/** How long to wait for the pushed state of an order (a push normally comes within milliseconds). */
export const SETTLE_MS = 1_500;
/** The read-back looks at orders created since this long before now (clock skew). */
const READBACK_WINDOW_MS = 10 * 60 * 1000;

export interface SettleHint {
  pair: string;
  type: OrderType;
  tif: TimeInForce | null;
}

export interface SettleDeps {
  feed: PrivateFeed | null;
  client: AlpClient;
  setTimer: SetTimer;
  now: () => number;
  timeoutMs: number;
}

/** A market, IOC or FOK order cannot rest: its first state may not be its last. */
function cannotRest(h: SettleHint): boolean {
  if (h.type === 'MARKET') return true;
  if (h.type === 'STOP_LIMIT' || h.type === 'STOP_MARKET') return false; // pending until triggered
  return h.tif === 'IOC' || h.tif === 'FOK';
}

export async function settleOrder(
  d: SettleDeps,
  result: PlaceOrderResult,
  hint: SettleHint,
): Promise<PlaceOrderResult> {
  if (result.outcome !== 'created' || result.orderId === null) return result;
  const id = result.orderId;
  // The pushes do not carry the time in force or the client id: the request said them.
  d.feed?.annotate(id, {
    ...(hint.tif !== null ? { tif: hint.tif } : {}),
    ...(result.clientOrderId !== null ? { clientOrderId: result.clientOrderId } : {}),
  });
  let order: Order | null = null;
  if (d.feed?.live()) order = await d.feed.waitFor(id, cannotRest(hint), d.timeoutMs, d.setTimer);
  if (!order) {
    try {
      const now = d.now();
      // The trader is waiting for this answer: it goes before background reads.
      const recent = await d.client.ordersV3({
        pair: hint.pair,
        from: now - READBACK_WINDOW_MS,
        to: now + 60_000,
        urgent: true,
      });
      order = recent.find((o) => o.id === id) ?? null;
    } catch {
      order = result.order;
    }
  }
  if (!order) return result;
  // The push does not carry the time in force; the request said it.
  const withTif: Order = order.tif === null && hint.tif !== null ? { ...order, tif: hint.tif } : order;
  return { ...result, order: withTif };
}
