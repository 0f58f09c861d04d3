/** Margin history lists, one at a time (each is a private call): borrows, repays, transfers, interest, liquidations. */
import { useState } from 'preact/hooks';
import { profileId } from '../state/store';
import { exact } from './money';
import { time } from './OpenOrders';
import { useProfileCall } from './use-account';

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

export function MarginHistory({ version }: { version: number }) {
  const pid = profileId.value;
  const [kind, setKind] = useState<Kind>('margin.borrows');
  const req = (id: string) => ({ profileId: id });
  const borrows = useProfileCall('margin.borrows', pid, req, [version], kind === 'margin.borrows');
  const repays = useProfileCall('margin.repays', pid, req, [version], kind === 'margin.repays');
  const transfers = useProfileCall('margin.transfers', pid, req, [version], kind === 'margin.transfers');
  const interest = useProfileCall('margin.interest', pid, req, [version], kind === 'margin.interest');
  const liquidations = useProfileCall('margin.liquidations', pid, req, [version], kind === 'margin.liquidations');

  let rows: Row[] | null = null;
  let error: string | null = null;
  if (kind === 'margin.borrows') {
    error = borrows.error;
    rows =
      borrows.data?.map((b) => ({
        key: `b${b.id}`,
        time: b.time,
        what: `Borrowed ${b.currency}${b.closedAt ? ' (repaid)' : ''}`,
        where: scopeOf(b.walletType, b.pair),
        amount: `${exact(b.borrowed, 2)} · repaid ${exact(b.repaid, 2)}`,
      })) ?? null;
  } else if (kind === 'margin.repays') {
    error = repays.error;
    rows =
      repays.data?.map((r) => ({
        key: `r${r.id}`,
        time: r.time,
        what: `Repaid ${r.currency}`,
        where: scopeOf(r.walletType, r.pair),
        amount: `${exact(r.principal, 2)} + interest ${exact(r.interest, 2)}`,
      })) ?? null;
  } else if (kind === 'margin.transfers') {
    error = transfers.error;
    rows =
      transfers.data?.map((t) => ({
        key: `t${t.id}`,
        time: t.time,
        what: `${t.direction === 'ADD' ? 'In' : 'Out'} ${t.currency}`,
        where: scopeOf(t.walletType, t.pair),
        amount: exact(t.amount, 2),
      })) ?? null;
  } else if (kind === 'margin.interest') {
    error = interest.error;
    rows =
      interest.data?.map((i) => ({
        key: `i${i.id}`,
        time: i.time,
        what: `Interest ${i.currency}`,
        where: scopeOf(i.walletType, i.pair),
        amount: `${exact(i.interestAccrued, 2)} (paid ${exact(i.interestPaid, 2)})`,
      })) ?? null;
  } else {
    error = liquidations.error;
    rows =
      liquidations.data?.map((l) => ({
        key: `l${l.id}`,
        time: l.createdAt,
        what: `Liquidated at level ${exact(l.marginLevel, 2)}`,
        where: scopeOf(l.walletType, null),
        amount: `${exact(l.amount, 2)} ${l.currency}`,
      })) ?? null;
  }
  const sorted = rows ? [...rows].sort((a, b) => b.time - a.time) : null;

  return (
    <div class="mg-history" data-testid="margin-history">
      <div class="mg-history-head">
        <span class="tr-label">History</span>
        <select
          value={kind}
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
      {error && (
        <div class="tr-error tr-pad" role="alert">
          {error}
        </div>
      )}
      <table class="tr-table num">
        <tbody>
          {sorted === null && !error && (
            <tr>
              <td class="muted tr-none">Loading…</td>
            </tr>
          )}
          {sorted?.length === 0 && (
            <tr>
              <td class="muted tr-none">Nothing yet</td>
            </tr>
          )}
          {sorted?.map((r) => (
            <tr key={r.key}>
              <td>{time(r.time)}</td>
              <td>{r.what}</td>
              <td class="muted">{r.where}</td>
              <td class="r">{r.amount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
