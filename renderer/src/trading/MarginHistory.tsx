/**
 * Margin history lists, one at a time (each is a private call): borrows, repays, transfers, interest,
 * liquidations, over a date range loaded in the exchange's 30-day windows, newest first.
 */
import { useState } from 'preact/hooks';
import { call } from '../bridge';
import { profileId } from '../state/store';
import { formatTime as time, type TimeRange } from './date-range';
import { DateRange, useHistoryRange } from './DateRange';
import { exact } from './money';
import { useRangedHistory } from './use-ranged-history';

const KINDS = [
  { id: 'margin.borrows', label: 'Borrows' },
  { id: 'margin.repays', label: 'Repays' },
  { id: 'margin.transfers', label: 'Transfers' },
  { id: 'margin.interest', label: 'Interest' },
  { id: 'margin.liquidations', label: 'Liquidations' },
] as const;
type Kind = (typeof KINDS)[number]['id'];

interface Row {
  key: string;
  time: number;
  what: string;
  where: string;
  amount: string;
}

const scopeOf = (walletType: string, pair: string | null) =>
  walletType === 'CROSS_MARGIN' ? 'Cross' : `Isolated ${pair?.replace('_', '/') ?? ''}`;

/** Reads one kind of margin history for a window and turns it into display rows. */
async function loadRows(kind: Kind, profile: string, w: TimeRange): Promise<Row[]> {
  const q = { profileId: profile, from: w.from, to: w.to };
  switch (kind) {
    case 'margin.borrows':
      return (await call('margin.borrows', q)).map((b) => ({
        key: `b${b.id}`,
        time: b.time,
        what: `Borrowed ${b.currency}${b.closedAt ? ' (repaid)' : ''}`,
        where: scopeOf(b.walletType, b.pair),
        amount: `${exact(b.borrowed, 2)} · repaid ${exact(b.repaid, 2)}`,
      }));
    case 'margin.repays':
      return (await call('margin.repays', q)).map((r) => ({
        key: `r${r.id}`,
        time: r.time,
        what: `Repaid ${r.currency}`,
        where: scopeOf(r.walletType, r.pair),
        amount: `${exact(r.principal, 2)} + interest ${exact(r.interest, 2)}`,
      }));
    case 'margin.transfers':
      return (await call('margin.transfers', q)).map((t) => ({
        key: `t${t.id}`,
        time: t.time,
        what: `${t.direction === 'ADD' ? 'In' : 'Out'} ${t.currency}${t.note ? ` · ${t.note}` : ''}`,
        where: scopeOf(t.walletType, t.pair),
        amount: exact(t.amount, 2),
      }));
    case 'margin.interest':
      return (await call('margin.interest', q)).map((i) => ({
        key: `i${i.id}`,
        time: i.time,
        what: `Interest ${i.currency}`,
        where: scopeOf(i.walletType, i.pair),
        amount: `${exact(i.interestAccrued, 2)} (paid ${exact(i.interestPaid, 2)})`,
      }));
    case 'margin.liquidations':
      return (await call('margin.liquidations', q)).map((l) => ({
        key: `l${l.id}`,
        time: l.createdAt,
        what: `Liquidated at level ${exact(l.marginLevel, 2)}`,
        where: liquidationScope(l.walletType, l.pair),
        amount: `${exact(l.amount, 2)} ${l.currency}`,
      }));
  }
}

/** An isolated liquidation names its pair; one the exchange reports without a pair says so. */
const liquidationScope = (walletType: string, pair: string | null | undefined) =>
  walletType === 'CROSS_MARGIN'
    ? 'Cross'
    : pair
      ? `Isolated ${pair.replace('_', '/')}`
      : 'Isolated (pair not reported)';

export function MarginHistory({ version }: { version: number }) {
  const pid = profileId.value;
  const [kind, setKind] = useState<Kind>('margin.borrows');
  const range = useHistoryRange();
  const history = useRangedHistory<Row>({
    pid,
    enabled: true,
    range: range.range,
    fetch: (id, w) => loadRows(kind, id, w),
    timeOf: (r) => r.time,
    keyOf: (r) => r.key,
    refreshKey: version,
    resetKey: kind,
  });
  const error = history.error;
  const sorted = history.rows;

  return (
    <div class="mg-history" data-testid="margin-history">
      <div class="mg-history-head">
        <span class="tr-label">History</span>
        <select
          value={kind}
          data-testid="margin-history-kind"
          aria-label="Margin history"
          onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as Kind)}
        >
          {KINDS.map((k) => (
            <option key={k.id} value={k.id}>
              {k.label}
            </option>
          ))}
        </select>
      </div>
      <DateRange state={range} history={{ ...history, count: sorted?.length ?? 0 }} testId="margin-history" />
      {error && (
        <div class="tr-error tr-pad" role="alert">
          {error}
        </div>
      )}
      {/* Two lines per entry, so a 300 px column shows every figure without clipping. */}
      <ul class="mg-list num" data-testid="margin-history-list">
        {sorted === null && !error && <li class="muted tr-none">Loading…</li>}
        {sorted?.length === 0 && <li class="muted tr-none">Nothing in this range</li>}
        {sorted?.map((r) => (
          <li key={r.key} class="mg-entry" data-testid="margin-history-row">
            <div class="mg-entry-top">
              <span>{r.what}</span>
              <span class="r">{r.amount}</span>
            </div>
            <div class="mg-entry-sub muted">
              <span>{time(r.time)}</span>
              <span data-col="where">{r.where}</span>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
