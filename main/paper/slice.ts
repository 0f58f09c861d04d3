/**
 * How a query reads one of the exchange's indexed lists: from which end, which rows, how many. Routes ask for
 * exactly the page they answer, so a read stops at its limit instead of copying and sorting a whole history.
 */
export interface Slice<T> {
  /** Newest (last appended) first; default oldest first. */
  newestFirst?: boolean;
  /** Only rows this accepts (applied before `offset` and `limit`). */
  where?: (row: T) => boolean;
  /** Accepted rows to skip before the page starts. */
  offset?: number;
  /** At most this many rows. */
  limit?: number;
}

/** Counts the rows queries look at: a test hook proving no query walks more than its own account's records. */
export class VisitCounter {
  visited = 0;
}

/**
 * The slice of `list` (in append order) that `s` asks for. `live` skips rows the list still holds but that no
 * longer exist (lazily removed). Every row looked at is counted on `counter`.
 */
export function takeSlice<T>(list: readonly T[], s: Slice<T>, counter: VisitCounter, live?: (row: T) => boolean): T[] {
  const out: T[] = [];
  const limit = s.limit ?? Number.POSITIVE_INFINITY;
  if (limit <= 0) return out;
  let skip = s.offset ?? 0;
  const n = list.length;
  for (let k = 0; k < n; k++) {
    const row = list[s.newestFirst === true ? n - 1 - k : k] as T;
    counter.visited++;
    if (live !== undefined && !live(row)) continue;
    if (s.where !== undefined && !s.where(row)) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    out.push(row);
    if (out.length >= limit) break;
  }
  return out;
}
