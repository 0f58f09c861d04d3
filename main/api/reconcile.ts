/**
 * Resolving an order POST whose answer never came (timeout, dropped connection, 5xx): the request may or may
 * not have reached the matching engine, so it is never resent blindly. Instead the client looks for the order:
 *   v3: by the `client_order_id` it always sets;
 *   v1: among own orders of the pair and side with the same price and amount, created since just before the send.
 * The answer is 'created' (with the order), 'not_created', or 'unknown' (the lookups failed, or more than one
 * order could be it, or nothing was found but the request could still arrive).
 *
 * A request held up on the way (a proxy, a congested link) can reach the exchange after both lookups. So "not
 * there" only proves "not created" when the exchange refuses the request from some moment on: the `valid_till`
 * deadline the client stamps on it. With a deadline the venue honours, the last lookup waits until the deadline
 * (plus clock skew) has passed; without one, an empty lookup ends 'unknown', never 'not_created'.
 */
import type { Order, PlaceOrderResult } from '../../preload/domain';
import { D } from './decimal';

export interface ReconcileDeps {
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Pause between the two lookups, ms. */
  settleMs: number;
}

/**
 * The exchange refuses the request if it arrives after `at` (epoch ms, our clock); null when no such deadline was
 * set or the venue is not known to honour it.
 */
export type Deadline = { at: number } | null;

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

/** Looks, waits, looks again; the second look starts no earlier than the deadline plus the clock skew. */
async function lookTwice(
  deps: ReconcileDeps,
  deadline: Deadline,
  find: () => Promise<Order[]>,
): Promise<{ matches: Order[] } | { error: unknown }> {
  let lastError: unknown = null;
  for (let i = 0; i < 2; i++) {
    if (i > 0) {
      const untilDeadline = deadline ? deadline.at + SKEW_MS - deps.now() : 0;
      await deps.sleep(Math.max(deps.settleMs, untilDeadline));
    }
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

function deadlineText(deadline: { at: number }): string {
  return new Date(deadline.at).toISOString();
}

/** Nothing found: proof of absence only when the exchange refuses the request after a deadline that has passed. */
function notFound(deadline: Deadline, cause: string, what: string, clientOrderId: string | null): PlaceOrderResult {
  if (deadline) {
    return result(
      'not_created',
      null,
      clientOrderId,
      `${cause}; ${what}, and the exchange refuses the request after its deadline (${deadlineText(deadline)}), which has passed: it was not created.`,
    );
  }
  return result(
    'unknown',
    null,
    clientOrderId,
    `${cause}; ${what} so far, but the request could still reach the exchange late. Check your open orders before placing it again.`,
  );
}

export async function reconcileV3(
  deps: ReconcileDeps,
  clientOrderId: string,
  listRecent: () => Promise<Order[]>,
  cause: string,
  deadline: Deadline,
): Promise<PlaceOrderResult> {
  const r = await lookTwice(deps, deadline, async () =>
    (await listRecent()).filter((o) => o.clientOrderId === clientOrderId),
  );
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
  return notFound(deadline, cause, `no order with client order id ${clientOrderId} exists`, clientOrderId);
}

export async function reconcileV1(
  deps: ReconcileDeps,
  req: { pair: string; side: 'buy' | 'sell'; price: string; amount: string },
  sentAt: number,
  listOwn: () => Promise<Order[]>,
  cause: string,
  deadline: Deadline,
): Promise<PlaceOrderResult> {
  const price = new D(req.price);
  const amount = new D(req.amount);
  let undated = false;
  const r = await lookTwice(deps, deadline, async () =>
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
    return notFound(
      deadline,
      cause,
      `no ${req.side} order of ${req.amount} ${req.pair} at ${req.price} appeared among your orders`,
      null,
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
