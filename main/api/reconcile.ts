/**
 * Resolving an order POST whose answer never came (timeout, dropped connection, 5xx): the request may or may
 * not have reached the matching engine, so it is never resent blindly. Instead the client looks for the order:
 *   v3: by the `client_order_id` it always sets;
 *   v1: among own orders of the pair and side with the same price and amount, created since just before the send.
 * The answer is 'created' (with the order), 'not_created' (looked twice, a moment apart, and it is not there),
 * or 'unknown' (the lookups failed, or more than one order could be it).
 */
import type { Order, PlaceOrderResult } from '../../preload/domain';
import { D } from './decimal';

export interface ReconcileDeps {
  sleep: (ms: number) => Promise<void>;
  /** Pause between the two lookups, ms. */
  settleMs: number;
}

/** Orders created up to this long before the send are considered (clock skew between us and the exchange). */
export const SKEW_MS = 5_000;

function result(
  outcome: PlaceOrderResult['outcome'],
  order: Order | null,
  clientOrderId: string | null,
  message: string | null,
): PlaceOrderResult {
  return { outcome, orderId: order?.id ?? null, clientOrderId, order, fills: [], message };
}

async function lookTwice(
  deps: ReconcileDeps,
  find: () => Promise<Order[]>,
): Promise<{ matches: Order[] } | { error: unknown }> {
  let lastError: unknown = null;
  for (let i = 0; i < 2; i++) {
    if (i > 0) await deps.sleep(deps.settleMs);
    try {
      const matches = await find();
      if (matches.length > 0) return { matches };
      lastError = null;
    } catch (e) {
      lastError = e;
    }
  }
  return lastError ? { error: lastError } : { matches: [] };
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function reconcileV3(
  deps: ReconcileDeps,
  clientOrderId: string,
  listRecent: () => Promise<Order[]>,
  cause: string,
): Promise<PlaceOrderResult> {
  const r = await lookTwice(deps, async () => (await listRecent()).filter((o) => o.clientOrderId === clientOrderId));
  if ('error' in r) {
    return result(
      'unknown',
      null,
      clientOrderId,
      `${cause}; looking the order up by client order id ${clientOrderId} failed too (${reason(r.error)}). Check your open orders before placing it again.`,
    );
  }
  const [first] = r.matches;
  if (first)
    return result(
      'created',
      first,
      clientOrderId,
      `${cause}; the order was found by its client order id, it was created.`,
    );
  return result(
    'not_created',
    null,
    clientOrderId,
    `${cause}; no order with client order id ${clientOrderId} exists, it was not created.`,
  );
}

export async function reconcileV1(
  deps: ReconcileDeps,
  req: { pair: string; side: 'buy' | 'sell'; price: string; amount: string },
  sentAt: number,
  listOwn: () => Promise<Order[]>,
  cause: string,
): Promise<PlaceOrderResult> {
  const price = new D(req.price);
  const amount = new D(req.amount);
  let undated = false;
  const r = await lookTwice(deps, async () =>
    (await listOwn()).filter((o) => {
      if (o.pair !== req.pair || o.side !== req.side || !price.equals(o.price) || !amount.equals(o.amount))
        return false;
      if (o.createdAt === 0) {
        undated = true;
        return true;
      }
      return o.createdAt >= sentAt - SKEW_MS;
    }),
  );
  if ('error' in r) {
    return result(
      'unknown',
      null,
      null,
      `${cause}; listing your ${req.pair} orders to find out failed too (${reason(r.error)}). Check your open orders before placing it again.`,
    );
  }
  if (r.matches.length === 0) {
    return result(
      'not_created',
      null,
      null,
      `${cause}; no ${req.side} order of ${req.amount} ${req.pair} at ${req.price} appeared among your orders, it was not created.`,
    );
  }
  if (r.matches.length === 1 && !undated) {
    return result(
      'created',
      r.matches[0] as Order,
      null,
      `${cause}; the order was found among your orders, it was created.`,
    );
  }
  const ids = r.matches.map((o) => o.id).join(', ');
  return result(
    'unknown',
    null,
    null,
    `${cause}; ${r.matches.length} of your orders (${ids}) match its pair, side, price and amount, so which one (if any) it is cannot be told. Check them before placing it again.`,
  );
}
