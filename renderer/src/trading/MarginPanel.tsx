/**
 * The margin panel: isolated and cross positions with borrowed amount, interest and margin level (colored as
 * it nears liquidation), the margin wallets, transfer/borrow/repay, closing a position after a confirmation,
 * and the history lists (borrows, repays, transfers, interest, liquidations). Refreshed after every action and
 * every 15 s while shown (each refresh costs two private calls, so it stays slow).
 */
import { useEffect, useState } from 'preact/hooks';
import { type MarginPosition, NO_MARGIN_MESSAGE } from '../../../preload/domain';
import { call } from '../bridge';
import { notify, profileId, selectedPair } from '../state/store';
import { Confirm } from './Confirm';
import { MarginHistory } from './MarginHistory';
import { MarginForm } from './MarginForm';
import { levelTone } from './margin-level';
import { exact, grouped, isZero } from './money';
import { useAccountStream, useProfileCall } from './use-account';
import './trading.css';

const REFRESH_MS = 15_000;

type Scope = { walletType: 'ISOLATED_MARGIN' | 'CROSS_MARGIN'; pair: string | null };

/** "Close isolated BTC/USD" or "Close cross wallet": the button says exactly what it closes. */
export const closeLabel = (c: Scope) =>
  c.walletType === 'CROSS_MARGIN' ? 'Close cross wallet' : `Close isolated ${c.pair?.replace('_', '/') ?? ''}`;

/** Distinct margin scopes, the selected market's isolated one first, then cross, then the other pairs. */
export function closableScopes(items: { walletType: string; pair: string | null }[], market: string): Scope[] {
  const out = new Map<string, Scope>();
  for (const i of items) {
    if (i.walletType === 'CROSS_MARGIN') out.set('cross', { walletType: 'CROSS_MARGIN', pair: null });
    else if (i.walletType === 'ISOLATED_MARGIN' && i.pair)
      out.set(i.pair, { walletType: 'ISOLATED_MARGIN', pair: i.pair });
  }
  const rank = (c: Scope) => (c.pair === market ? 0 : c.walletType === 'CROSS_MARGIN' ? 1 : 2);
  return [...out.values()].sort((a, b) => rank(a) - rank(b) || (a.pair ?? '').localeCompare(b.pair ?? ''));
}
/** "iso BTC/USD" or "cross": the wallet a margin figure belongs to, short enough for the narrow column. */
const scopeWords = (w: string, pair: string | null) =>
  w === 'CROSS_MARGIN' ? 'cross' : w === 'ISOLATED_MARGIN' ? `iso ${pair?.replace('_', '/') ?? ''}` : 'spot';

export function MarginPanel() {
  const pid = profileId.value;
  const [version, setVersion] = useState(0);
  const [closing, setClosing] = useState<Scope | null>(null);
  // A fill may be a margin order's (auto-borrow, auto-repay): positions and wallets are read again at once.
  const fills = useAccountStream('account.fills', pid);
  useEffect(() => {
    if (fills) setVersion((v) => v + 1);
  }, [fills]);
  const positions = useProfileCall('margin.positions', pid, (id) => ({ profileId: id }), [version]);
  const wallets = useProfileCall('margin.balances', pid, (id) => ({ profileId: id }), [version]);
  const refresh = () => setVersion((v) => v + 1);

  useEffect(() => {
    const t = setInterval(() => setVersion((v) => v + 1), REFRESH_MS);
    return () => clearInterval(t);
  }, []);

  const close = async () => {
    const c = closing;
    setClosing(null);
    if (!c || !pid) return;
    try {
      await call('margin.close', { profileId: pid, walletType: c.walletType, ...(c.pair ? { pair: c.pair } : {}) });
      if (profileId.peek() === pid)
        notify('success', `Closed the ${c.pair ? `isolated ${c.pair.replace('_', '/')}` : 'cross'} margin position`);
    } catch (e) {
      if (profileId.peek() === pid) notify('error', `The position was not closed: ${(e as Error).message}`);
    }
    refresh();
  };

  const rows = (positions.data ?? []).filter(
    (p) => !isZero(p.borrowed) || !isZero(p.interest) || p.marginLevel !== null,
  );
  const walletRows = (wallets.data ?? []).filter((b) => !isZero(b.balance) || !isZero(b.reserve));
  // What can be closed: every scope that holds something or owes something. The selected market's isolated
  // scope and the cross wallet come first, so the panel follows the market on screen.
  const scopes = closableScopes(
    [
      ...rows.map((r) => ({ walletType: r.walletType, pair: r.pair })),
      ...walletRows.map((b) => ({ walletType: b.walletType, pair: b.pair })),
    ],
    selectedPair.value,
  );
  const byMarket = (a: { pair: string | null }, b: { pair: string | null }) =>
    Number(b.pair === selectedPair.value) - Number(a.pair === selectedPair.value);
  rows.sort(byMarket);
  walletRows.sort(byMarket);

  // A venue without margin in its API gets one plain sentence, not a panel of failing forms.
  if (positions.error === NO_MARGIN_MESSAGE)
    return (
      <section class="tr-panel margin" data-panel="margin">
        <header class="panel-head">
          <span class="panel-title">Margin</span>
        </header>
        <div class="tr-empty muted tr-pad" data-testid="margin-not-offered">
          {NO_MARGIN_MESSAGE} Spot trading works as usual.
        </div>
      </section>
    );

  return (
    <section class="tr-panel margin" data-panel="margin">
      <header class="panel-head">
        <span class="panel-title">Margin</span>
        <span class="spacer" />
        <button type="button" class="tr-head-btn" onClick={refresh} data-testid="margin-refresh">
          Refresh
        </button>
      </header>
      <div class="tr-scroll">
        <MarginForm onDone={refresh} />
        {positions.error && (
          <div class="tr-error tr-pad" role="alert">
            {positions.error}
          </div>
        )}
        <table class="tr-table num" data-testid="margin-positions">
          <thead>
            <tr>
              <th>Position</th>
              <th class="r">Borrowed</th>
              <th class="r">Interest</th>
              <th class="r">Level</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={4} class="muted tr-none">
                  {positions.data ? 'No borrowed positions' : 'Loading positions…'}
                </td>
              </tr>
            )}
            {rows.map((p: MarginPosition) => {
              const tone = levelTone(p.marginLevel);
              return (
                <tr key={p.id} data-testid="margin-position" data-currency={p.currency} data-pair={p.pair ?? ''}>
                  <td>
                    <strong>{p.currency}</strong> <span class="muted">{scopeWords(p.walletType, p.pair)}</span>
                  </td>
                  <td class="r" data-col="borrowed">
                    {exact(p.borrowed, 2)}
                  </td>
                  <td class="r" data-col="interest">
                    {exact(p.interest, 2)}
                  </td>
                  <td
                    class={`r mg-level mg-level-${tone}`}
                    data-col="level"
                    title="Assets ÷ debts; liquidation near 1.10"
                  >
                    {p.marginLevel === null ? '—' : grouped(p.marginLevel, 2)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {scopes.length > 0 && (
          <div class="mg-closes">
            {scopes.map((c) => (
              <button
                key={`${c.walletType}:${c.pair ?? ''}`}
                type="button"
                class="mg-close-btn"
                data-testid="margin-close"
                data-scope={c.pair ?? 'cross'}
                title={`Cancels its orders, repays its loans and returns the rest to spot`}
                onClick={() => setClosing(c)}
              >
                {closeLabel(c)}…
              </button>
            ))}
          </div>
        )}
        <table class="tr-table num" data-testid="margin-wallets">
          <thead>
            <tr>
              <th>Margin wallet</th>
              <th class="r">Balance</th>
              <th class="r">Reserve</th>
            </tr>
          </thead>
          <tbody>
            {walletRows.length === 0 && (
              <tr>
                <td colSpan={3} class="muted tr-none">
                  {wallets.error ?? (wallets.data ? 'Margin wallets are empty: transfer in to start' : 'Loading…')}
                </td>
              </tr>
            )}
            {walletRows.map((b) => (
              <tr
                key={`${b.walletType}:${b.pair ?? ''}:${b.currency}`}
                data-testid="margin-wallet"
                data-currency={b.currency}
                data-pair={b.pair ?? ''}
              >
                <td>
                  <strong>{b.currency}</strong> <span class="muted">{scopeWords(b.walletType, b.pair)}</span>
                </td>
                <td class="r" data-col="balance">
                  {exact(b.balance, 2)}
                </td>
                <td class="r">{exact(b.reserve, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <MarginHistory version={version} />
      </div>
      {closing && (
        <Confirm
          title={`${closeLabel(closing)}?`}
          confirmLabel={closeLabel(closing)}
          tone="danger"
          testId="margin-close-confirm"
          onConfirm={() => void close()}
          onCancel={() => setClosing(null)}
        >
          <p>
            {closing.pair
              ? `Everything in the isolated ${closing.pair.replace('_', '/')} wallet is closed`
              : 'The whole cross margin wallet (every currency in it) is closed'}
            : its open orders are cancelled, its loans repaid from the wallet, and what is left goes back to spot as a
            transfer.
          </p>
        </Confirm>
      )}
    </section>
  );
}
