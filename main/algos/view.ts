/** What the renderer sees of an algo record: progress computed from its children, money as decimal strings. */
import type { AlgoView, Pair } from '../../preload/domain';
import { str } from './money';
import { algoFor } from './strategies';
import type { AlgoRecord } from './types';

export function toView(r: AlgoRecord, pair: Pair | null): AlgoView {
  const algo = algoFor(r.definition);
  const p = algo.progress(r);
  // An average only when every filled child could be valued (see the engine's readValues).
  const valued = r.children.every((c) => c.filled === '0' || c.filledValue !== '0');
  const avg = p.filled.gt(0) && valued ? p.value.div(p.filled) : null;
  const avgPrice =
    avg === null || p.value.lte(0)
      ? null
      : str(pair ? avg.toDecimalPlaces(pair.pricePrecision + 2) : avg.toDecimalPlaces(10));
  return {
    id: r.id,
    profileId: r.profileId,
    definition: r.definition,
    status: r.status,
    createdAt: r.createdAt,
    total: str(p.total),
    filled: str(p.filled),
    avgPrice,
    childrenPlaced: r.children.filter((c) => c.state !== 'not_created').length,
    lastAction: r.lastAction,
    lastActionAt: r.lastActionAt,
    notes: [...r.notes],
    levels: algo.levels(r),
    children: r.children.map((c) => ({
      seq: c.seq,
      clientOrderId: c.clientOrderId,
      role: c.request.role,
      side: c.request.side,
      type: c.request.type,
      price: c.request.price ?? null,
      stopPrice: c.request.stopPrice ?? null,
      amount: c.request.amount,
      filled: c.filled,
      state: c.state,
      orderId: c.orderId,
      placedAt: c.placedAt,
    })),
  };
}
