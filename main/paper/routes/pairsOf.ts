import { PAIRS, type PairSpec } from '../market';

/** The pairs a `pairs` query asks for, in listing order: both dialects filter on base (currency1) and quote (currency2). */
export function pairsOf(q: { currency1?: string | undefined; currency2?: string | undefined }): PairSpec[] {
  return PAIRS.filter(
    (p) =>
      (q.currency1 === undefined || p.base === q.currency1) && (q.currency2 === undefined || p.quote === q.currency2),
  );
}
