/**
 * The status bar's P&L figure for the active pair: realised + unrealised over the last 30 days (average cost),
 * in the pair's quote; refreshed every 30 s and after each new fill.
 */
import { useEffect, useState } from 'preact/hooks';
import { call, subscribe } from '../bridge';
import { pairInfo, profileId, selectedPair } from '../state/store';
import { money, placesFor, tone } from './ranges';

const REFRESH_MS = 30_000;
const RANGE_MS = 30 * 86_400_000;

export function PnlStatus() {
  const pid = profileId.value;
  const pair = selectedPair.value;
  const quote = pairInfo.value?.quote ?? pair.split('_')[1] ?? '';
  const [total, setTotal] = useState<{ key: string; value: string | null } | null>(null);
  const key = `${pid}|${pair}`;

  useEffect(() => {
    if (!pid) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      clearTimeout(timer);
      const to = Date.now();
      call('pnl.summary', { profileId: pid, pair, from: to - RANGE_MS, to, currency: quote || 'USD' }).then(
        (r) => {
          if (live) setTotal({ key, value: r.pairs.find((p) => p.pair === pair)?.total ?? '0' });
        },
        () => {
          if (live) setTotal({ key, value: null });
        },
      );
      timer = setTimeout(load, REFRESH_MS);
    };
    load();
    const stop = subscribe('account.fills', { profileId: pid }, (fills) => {
      if (fills.some((f) => f.pair === pair)) load();
    });
    return () => {
      live = false;
      clearTimeout(timer);
      stop();
    };
  }, [pid, pair, quote]);

  const value = total?.key === key ? total.value : null;
  return (
    <span
      class="sb-item"
      title={`P&L of ${pair.replace('_', '/')} over the last 30 days (realised + unrealised, average cost)`}
      data-testid="status-pnl"
    >
      <span class="muted">P&L {pair.replace('_', '/')}</span>{' '}
      <span class={`num ${tone(value)}`}>
        {value === null ? '—' : `${money(value, placesFor(quote), true)} ${quote}`}
      </span>
    </span>
  );
}
