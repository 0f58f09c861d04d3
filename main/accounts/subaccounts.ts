/** v3 accounts as a tree flattened for display: each account followed by its subaccounts (depth-first). */
import type { ExchangeAccount } from '../../preload/domain';

export function orderAccounts(accounts: readonly ExchangeAccount[]): ExchangeAccount[] {
  // The wire says `id_parent: 0` for a top-level account; normalise any such value to null.
  const norm = accounts.map((a) => (a.parentId ? a : { ...a, parentId: null }));
  const ids = new Set(norm.map((a) => a.id));
  const children = new Map<number, ExchangeAccount[]>();
  const roots: ExchangeAccount[] = [];
  for (const a of norm) {
    // A parent this key cannot see is treated as top-level, so the account stays selectable.
    if (a.parentId === null || !ids.has(a.parentId) || a.parentId === a.id) roots.push(a);
    else children.set(a.parentId, [...(children.get(a.parentId) ?? []), a]);
  }
  const out: ExchangeAccount[] = [];
  const seen = new Set<number>();
  const visit = (a: ExchangeAccount): void => {
    if (seen.has(a.id)) return;
    seen.add(a.id);
    out.push(a);
    for (const c of children.get(a.id) ?? []) visit(c);
  };
  roots.forEach(visit);
  norm.forEach(visit); // anything left only by a parent cycle
  return out;
}
