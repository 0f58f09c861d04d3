import { type Dec, ZERO } from './money';
import { unitsDec } from './units';

/**
 * The exchange's collected fees per currency (`state.fees`): a Map of Decimals to every reader, while settlement
 * adds each fill's fee as integer units (`add`). The units are folded into the Decimals when the map is next read,
 * so a burst of fills costs integer additions and one Decimal addition per currency at the next read.
 */
export class FeeTotals extends Map<string, Dec> {
  private readonly pending = new Map<string, bigint>();

  /** Adds `units` (1e-8) of `currency`; a zero still creates the currency's entry, as a Decimal addition did. */
  add(currency: string, units: bigint): void {
    this.pending.set(currency, (this.pending.get(currency) ?? 0n) + units);
  }

  private fold(): void {
    // `pending` is unset while the Map constructor copies the initial entries (before the field exists).
    if (this.pending === undefined || this.pending.size === 0) return;
    for (const [currency, units] of this.pending)
      super.set(currency, (super.get(currency) ?? ZERO).add(unitsDec(units)));
    this.pending.clear();
  }

  override get(key: string): Dec | undefined {
    this.fold();
    return super.get(key);
  }

  override has(key: string): boolean {
    this.fold();
    return super.has(key);
  }

  override set(key: string, value: Dec): this {
    this.fold();
    return super.set(key, value);
  }

  override clear(): void {
    this.pending.clear();
    super.clear();
  }

  override delete(key: string): boolean {
    this.fold();
    return super.delete(key);
  }

  override get size(): number {
    this.fold();
    return super.size;
  }

  override entries(): MapIterator<[string, Dec]> {
    this.fold();
    return super.entries();
  }

  override keys(): MapIterator<string> {
    this.fold();
    return super.keys();
  }

  override values(): MapIterator<Dec> {
    this.fold();
    return super.values();
  }

  override forEach(fn: (value: Dec, key: string, map: Map<string, Dec>) => void, thisArg?: unknown): void {
    this.fold();
    super.forEach(fn, thisArg);
  }

  override [Symbol.iterator](): MapIterator<[string, Dec]> {
    this.fold();
    return super[Symbol.iterator]();
  }
}
