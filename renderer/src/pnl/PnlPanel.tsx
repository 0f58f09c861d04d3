/**
 * The P&L tab: for a chosen range, method and currency, the account's value now and over the range, the
 * realised and unrealised P&L and fees in total and per pair (computed in main from own trades), and CSV export
 * of the account's records for the same range.
 */
import { useMemo, useState } from 'preact/hooks';
import type { ExportKind, PnlMethod } from '../../../preload/domain';
import { ChoiceSelect } from '../shell/ChoiceSelect';
import type { Choice } from '../shell/choices';
import { notify, profileId } from '../state/store';
import { useProfileCall } from '../trading/use-account';
import { EXPORT_KINDS, runExport } from './export-csv';
import { money, placesFor, RANGES, type RangeId, rangeMs, tone } from './ranges';
import { ValueChart } from './ValueChart';
import './pnl.css';

const CURRENCIES: readonly Choice<string>[] = ['USD', 'USDT', 'BTC', 'ETH'].map((c) => ({ value: c, label: c }));
const RANGE_CHOICES: readonly Choice<RangeId>[] = RANGES.map((r) => ({ value: r.id, label: r.label }));
const METHODS: readonly Choice<PnlMethod>[] = [
  { value: 'average', label: 'Average cost' },
  { value: 'fifo', label: 'FIFO' },
];
const EXPORT_CHOICES: readonly Choice<ExportKind>[] = EXPORT_KINDS.map((k) => ({ value: k.id, label: k.label }));

export function PnlPanel({ refreshKey = 0 }: { refreshKey?: number }) {
  const pid = profileId.value;
  const [range, setRange] = useState<RangeId>('30d');
  const [method, setMethod] = useState<PnlMethod>('average');
  const [currency, setCurrency] = useState('USD');
  const [kind, setKind] = useState(EXPORT_KINDS[0]?.id ?? 'trades');
  const [exporting, setExporting] = useState(false);
  const [tick, setTick] = useState(0);
  // The range ends when it was chosen (or refreshed), so the three calls agree on it.
  const span = useMemo(() => {
    const to = Date.now();
    return { from: to - rangeMs(range), to };
  }, [range, tick, refreshKey]);
  const places = placesFor(currency);

  const summary = useProfileCall('pnl.summary', pid, (id) => ({ profileId: id, ...span, method, currency }), [
    span,
    method,
    currency,
  ]);
  const portfolio = useProfileCall('pnl.portfolio', pid, (id) => ({ profileId: id, currency }), [span, currency]);
  const history = useProfileCall('pnl.history', pid, (id) => ({ profileId: id, ...span, currency, points: 120 }), [
    span,
    currency,
  ]);

  const doExport = async () => {
    if (!pid) return;
    setExporting(true);
    try {
      const r = await runExport({ profileId: pid, kind, ...span, method });
      if (profileId.peek() !== pid) return;
      if (r.cancelled) notify('info', 'Export cancelled');
      else notify('success', `Exported ${r.rows} row${r.rows === 1 ? '' : 's'} to ${r.path ?? r.filename}`);
    } catch (e) {
      notify('error', `Export failed: ${(e as Error).message}`);
    } finally {
      setExporting(false);
    }
  };

  const s = summary.data;
  const error = summary.error ?? portfolio.error ?? history.error;
  return (
    <div class="pnl" data-testid="pnl-panel">
      <div class="pnl-controls">
        <label>
          <span class="muted">Range</span>
          <ChoiceSelect testId="pnl-range" choices={RANGE_CHOICES} value={range} onChange={setRange} />
        </label>
        <label>
          <span class="muted">Method</span>
          <ChoiceSelect testId="pnl-method" choices={METHODS} value={method} onChange={setMethod} />
        </label>
        <label>
          <span class="muted">In</span>
          <ChoiceSelect testId="pnl-currency" choices={CURRENCIES} value={currency} onChange={setCurrency} />
        </label>
        <button type="button" class="tr-head-btn" onClick={() => setTick((t) => t + 1)} data-testid="pnl-refresh">
          Refresh
        </button>
        <span class="spacer" />
        <label>
          <span class="muted">Export</span>
          <ChoiceSelect testId="export-kind" choices={EXPORT_CHOICES} value={kind} onChange={setKind} />
        </label>
        <button
          type="button"
          class="tr-head-btn"
          disabled={exporting}
          onClick={() => void doExport()}
          data-testid="export-csv"
        >
          {exporting ? 'Exporting…' : 'Export CSV'}
        </button>
      </div>
      {error && (
        <div class="pnl-msg danger" role="alert">
          {error}
        </div>
      )}
      <div class="pnl-body">
        <div class="pnl-cards">
          <Card
            label={`Value (${currency})`}
            value={portfolio.data?.total ?? null}
            places={places}
            testId="pnl-value"
          />
          <Card label="Realised" value={s?.realised ?? null} places={places} signed testId="pnl-realised" />
          <Card label="Unrealised" value={s?.unrealised ?? null} places={places} signed testId="pnl-unrealised" />
          <Card label="Fees" value={s?.fees ?? null} places={places} testId="pnl-fees" />
          <Card label="Total P&L" value={s?.total ?? null} places={places} signed testId="pnl-total" />
          {portfolio.data && portfolio.data.unpriced.length > 0 && (
            <div class="muted pnl-note">No price for {portfolio.data.unpriced.join(', ')} (left out of the value)</div>
          )}
          {s && s.unpriced.length > 0 && (
            <div class="muted pnl-note">
              Not in the totals (no {currency} price): {s.unpriced.join(', ')}
            </div>
          )}
        </div>
        <ValueChart points={history.data} places={places} />
        <div class="tr-table-wrap pnl-table">
          {summary.loading && !s && <div class="muted pnl-msg">Loading P&L…</div>}
          {s && s.pairs.length === 0 && <div class="muted pnl-msg">No trades in this range</div>}
          {s && s.pairs.length > 0 && (
            <table class="tr-table" data-testid="pnl-pairs">
              <thead>
                <tr>
                  <th>Pair</th>
                  <th class="r">Trades</th>
                  <th class="r">Position</th>
                  <th class="r">Avg entry</th>
                  <th class="r">Last</th>
                  <th class="r">Realised</th>
                  <th class="r">Unrealised</th>
                  <th class="r">Total</th>
                  <th class="r">Fees</th>
                </tr>
              </thead>
              <tbody>
                {s.pairs.map((p) => {
                  const qp = placesFor(p.quote);
                  return (
                    <tr key={p.pair} data-pair={p.pair}>
                      <td>{p.pair.replace('_', '/')}</td>
                      <td class="r num">{p.trades}</td>
                      <td class="r num">
                        {money(p.position, 8)} {p.base}
                      </td>
                      <td class="r num">{money(p.averageEntry, qp)}</td>
                      <td class="r num">{money(p.lastPrice, qp)}</td>
                      <td class={`r num ${tone(p.realised)}`}>{money(p.realised, qp, true)}</td>
                      <td class={`r num ${tone(p.unrealised)}`}>{money(p.unrealised, qp, true)}</td>
                      <td class={`r num ${tone(p.total)}`}>
                        {money(p.total, qp, true)} {p.quote}
                      </td>
                      <td class="r num">{money(p.feesValue, qp)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </div>
  );
}

function Card(props: { label: string; value: string | null; places: number; signed?: boolean; testId: string }) {
  return (
    <div class="pnl-card">
      <span class="muted">{props.label}</span>
      <span class={`num pnl-card-value ${props.signed ? tone(props.value) : ''}`} data-testid={props.testId}>
        {money(props.value, props.places, props.signed)}
      </span>
    </div>
  );
}
