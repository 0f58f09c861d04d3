/**
 * The ticket's order options, in trading words: the wallet it trades from and what happens to loans (margin
 * venues only), time in force and post-only (limit prices only).
 */
import type { OrderType, TimeInForce } from '../../../preload/domain';
import { needsPrice } from './ticket-rules';

export type TicketWallet = 'SPOT' | 'CROSS_MARGIN' | 'ISOLATED_MARGIN';
export type SideEffect = 'NONE' | 'AUTO_BORROW' | 'AUTO_REPAY';

export const WALLETS: { value: TicketWallet; label: string }[] = [
  { value: 'SPOT', label: 'Spot' },
  { value: 'CROSS_MARGIN', label: 'Cross margin' },
  { value: 'ISOLATED_MARGIN', label: 'Isolated margin' },
];
export const SIDE_EFFECTS: { value: SideEffect; label: string; title: string }[] = [
  { value: 'NONE', label: 'No loans', title: 'Trades with what the wallet holds' },
  { value: 'AUTO_BORROW', label: 'Auto-borrow', title: 'Borrows what the wallet is missing for the order' },
  { value: 'AUTO_REPAY', label: 'Auto-repay', title: 'Repays the wallet’s loans from what the order brings in' },
];
export const TIFS: { value: TimeInForce; label: string }[] = [
  { value: 'GTC', label: 'Good till cancelled' },
  { value: 'IOC', label: 'Immediate or cancel' },
  { value: 'FOK', label: 'Fill or kill' },
  { value: 'AON', label: 'All or none' },
];

interface Props {
  type: OrderType;
  margin: boolean;
  wallet: TicketWallet;
  onWallet(w: TicketWallet): void;
  sideEffect: SideEffect;
  onSideEffect(s: SideEffect): void;
  tif: TimeInForce;
  onTif(t: TimeInForce): void;
  postOnly: boolean;
  postOnlyAllowed: boolean;
  onPostOnly(on: boolean): void;
}

export function TicketOptions(p: Props) {
  const limit = needsPrice(p.type);
  return (
    <>
      {p.margin && (
        <div class="tr-row2">
          <label class="tr-mini">
            <span class="tr-label">Wallet</span>
            <select
              value={p.wallet}
              data-testid="ticket-wallet"
              onChange={(e) => p.onWallet((e.currentTarget as HTMLSelectElement).value as TicketWallet)}
            >
              {WALLETS.map((w) => (
                <option key={w.value} value={w.value}>
                  {w.label}
                </option>
              ))}
            </select>
          </label>
          <label class="tr-mini">
            <span class="tr-label">Loans</span>
            <select
              value={p.sideEffect}
              data-testid="ticket-side-effect"
              disabled={p.wallet === 'SPOT'}
              title={p.wallet === 'SPOT' ? 'Spot orders never borrow' : undefined}
              onChange={(e) => p.onSideEffect((e.currentTarget as HTMLSelectElement).value as SideEffect)}
            >
              {SIDE_EFFECTS.map((s) => (
                <option key={s.value} value={s.value} title={s.title}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      <div class="tr-row-tif">
        <label class="tr-mini">
          <span class="tr-label">Time in force</span>
          <select
            value={p.tif}
            data-testid="ticket-tif"
            disabled={!limit}
            title={limit ? undefined : 'Market orders fill at once or not at all'}
            onChange={(e) => p.onTif((e.currentTarget as HTMLSelectElement).value as TimeInForce)}
          >
            {TIFS.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <label class="tr-check" title="Refused instead of filling at once when it would cross the book (maker only)">
          <input
            type="checkbox"
            data-testid="ticket-post-only"
            checked={p.postOnly}
            disabled={!p.postOnlyAllowed}
            onChange={(e) => p.onPostOnly(e.currentTarget.checked)}
          />
          Post-only
        </label>
      </div>
    </>
  );
}
