/** The read-only account tabs: order history, own trades, wallet activity, balances, deposits and withdrawals, fees. */
import Decimal from 'decimal.js';
import type {
  Balance,
  Deposit,
  FeeRule,
  Order,
  OwnTrade,
  WalletMotion,
  Withdraw,
  WithdrawStatus,
} from '../../../preload/domain';
import { pairs } from '../state/store';
import { formatTime as time } from './date-range';
import { exact, grouped, isZero } from './money';
import { statusWords, stopWords, typeOnly, walletWords as orderWallet } from './OpenOrders';

const pairOf = (name: string) => pairs.value.find((p) => p.name === name);
/** Decimals to show a currency with: the precision it has in the listed pairs. */
function currencyDp(cur: string): number {
  let dp = 2;
  for (const p of pairs.value) {
    if (p.base === cur) dp = Math.max(dp, p.amountPrecision);
    if (p.quote === cur) dp = Math.max(dp, p.pricePrecision);
  }
  return dp;
}

export function Status({
  loading,
  error,
  empty,
  what,
}: {
  loading: boolean;
  error: string | null;
  empty: boolean;
  what: string;
}) {
  if (error)
    return (
      <div class="tr-error tr-pad" role="alert">
        {error}
      </div>
    );
  if (loading && empty) return <div class="tr-empty muted">Loading {what}…</div>;
  if (empty) return <div class="tr-empty muted">No {what}</div>;
  return null;
}

/** An IOC/FOK order the exchange cancelled at once says so, with what filled before. */
function killedWords(o: Order): string | null {
  if (o.tif !== 'IOC' && o.tif !== 'FOK') return null;
  if (o.status !== 'CANCELLED' && o.status !== 'PARTIAL_CANCELLED') return null;
  return isZero(o.filled) ? `Killed (${o.tif}), nothing filled` : `Killed (${o.tif}) after a partial fill`;
}

export function OrderHistory({ orders }: { orders: Order[] }) {
  return (
    <table class="tr-table num" data-testid="order-history">
      <thead>
        <tr>
          <th>Time</th>
          <th>Pair</th>
          <th>Side</th>
          <th>Type</th>
          <th class="r">Stop</th>
          <th class="r">Price</th>
          <th class="r">Amount</th>
          <th class="r">Filled</th>
          <th>TIF</th>
          <th>Wallet</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {orders.map((o) => {
          const p = pairOf(o.pair);
          return (
            <tr key={o.id}>
              <td>{time(o.createdAt)}</td>
              <td>{o.pair.replace('_', '/')}</td>
              <td class={o.side}>{o.side === 'buy' ? 'Buy' : 'Sell'}</td>
              <td data-col="type">{typeOnly(o.type)}</td>
              <td class="r" data-col="stop">
                {stopWords(o, p?.pricePrecision ?? 2)}
              </td>
              <td class="r">
                {o.type === 'MARKET' || o.type === 'STOP_MARKET' || isZero(o.price)
                  ? 'market'
                  : grouped(o.price, p?.pricePrecision ?? 2)}
              </td>
              <td class="r">{grouped(o.amount, p?.amountPrecision ?? 8)}</td>
              <td class="r">{grouped(o.filled, p?.amountPrecision ?? 8)}</td>
              <td data-col="tif">{o.tif ?? '—'}</td>
              <td data-col="wallet">{orderWallet(o.walletType)}</td>
              <td data-col="status">{killedWords(o) ?? statusWords(o.status)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function OwnTrades({ trades }: { trades: OwnTrade[] }) {
  return (
    <table class="tr-table num" data-testid="own-trades">
      <thead>
        <tr>
          <th>Time</th>
          <th>Pair</th>
          <th>Side</th>
          <th class="r">Price</th>
          <th class="r">Amount</th>
          <th class="r">Total</th>
          <th class="r">Fee</th>
          <th>Role</th>
        </tr>
      </thead>
      <tbody>
        {trades.map((t, i) => {
          const p = pairOf(t.pair);
          const [base = '', quote = ''] = t.pair.split('_');
          const feeCur = t.feeCurrency ?? (t.side === 'buy' ? base : quote);
          const pdp = p?.pricePrecision ?? 2;
          const adp = p?.amountPrecision ?? 8;
          return (
            <tr key={t.id ?? i} data-testid="own-trade-row">
              <td>{time(t.time)}</td>
              <td>{t.pair.replace('_', '/')}</td>
              <td class={t.side}>{t.side === 'buy' ? 'Buy' : 'Sell'}</td>
              <td class="r">{grouped(t.price, pdp)}</td>
              <td class="r">{grouped(t.amount, adp)}</td>
              <td class="r">{grouped(new Decimal(t.price).mul(t.amount), pdp)}</td>
              <td class="r">
                {exact(t.fee, feeCur === base ? adp : pdp)} <span class="muted">{feeCur}</span>
              </td>
              <td class="muted">{t.isMaker === null ? '' : t.isMaker ? 'maker' : 'taker'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function Balances({ balances }: { balances: Balance[] }) {
  const rows = [...balances].sort(
    (a, b) => Number(isZero(a.balance)) - Number(isZero(b.balance)) || a.currency.localeCompare(b.currency),
  );
  return (
    <table class="tr-table num tr-balances" data-testid="balances-table">
      <thead>
        <tr>
          <th>Currency</th>
          <th class="r">Balance</th>
          <th class="r">Reserve</th>
          <th class="r">Available</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((b) => {
          const dp = currencyDp(b.currency);
          return (
            <tr
              key={`${b.walletType}:${b.pair ?? ''}:${b.currency}`}
              class={isZero(b.balance) ? 'muted' : ''}
              data-currency={b.currency}
            >
              <td>{b.currency}</td>
              <td class="r" data-col="balance">
                {exact(b.balance, dp)}
              </td>
              <td class="r" data-col="reserve">
                {exact(b.reserve, dp)}
              </td>
              <td class="r" data-col="available">
                {exact(b.available, dp)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const WITHDRAW_WORDS: Record<WithdrawStatus, string> = {
  NEW: 'Requested, awaiting verification',
  VERIFIED: 'Verified, awaiting approval',
  APPROVED: 'Approved and sent',
  REFUSED: 'Refused by the exchange',
  CANCELLED: 'Cancelled',
};

export function Funding({ deposits, withdraws }: { deposits: Deposit[]; withdraws: Withdraw[] }) {
  const rows = [
    ...deposits.map((d) => ({ key: `d${d.id}`, kind: 'Deposit', ...d, status: 'Credited' })),
    ...withdraws.map((w) => ({ key: `w${w.id}`, kind: 'Withdrawal', ...w, status: WITHDRAW_WORDS[w.status] })),
  ].sort((a, b) => b.time - a.time);
  return (
    <table class="tr-table num" data-testid="funding">
      <thead>
        <tr>
          <th>Time</th>
          <th>Kind</th>
          <th>Currency</th>
          <th class="r">Amount</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={5} class="muted tr-none">
              No deposits or withdrawals
            </td>
          </tr>
        )}
        {rows.map((r) => (
          <tr key={r.key}>
            <td>{time(r.time)}</td>
            <td>{r.kind}</td>
            <td>{r.currency}</td>
            <td class="r">{exact(r.amount, currencyDp(r.currency))}</td>
            <td>{r.status}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const pct = (rate: string) => `${new Decimal(rate).mul(100).toFixed()}%`;

export function Fees({ fees }: { fees: FeeRule[] }) {
  return (
    <table class="tr-table num" data-testid="fees">
      <thead>
        <tr>
          <th>Pair / currency</th>
          <th class="r">Maker</th>
          <th class="r">Taker</th>
          <th>Charged in</th>
          <th>Rule</th>
        </tr>
      </thead>
      <tbody>
        {fees.map((f, i) => (
          <tr key={i} class={f.active ? '' : 'muted'}>
            <td>{f.pair?.replace('_', '/') || f.currency || 'All'}</td>
            <td class="r">{pct(f.makerRate)}</td>
            <td class="r">{pct(f.takerRate)}</td>
            <td>{f.feeCurrency || 'the currency received'}</td>
            <td class="muted">
              {f.name}
              {f.active ? '' : ' (inactive)'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const MOTION_WORDS: Record<string, string> = {
  MOTION_TYPE_TRANSFER: 'Transfer',
  MOTION_TYPE_TRADE: 'Trade',
  MOTION_TYPE_FEE: 'Fee',
  MOTION_TYPE_ORDER: 'Order reserve',
  MOTION_TYPE_CANCEL: 'Order released',
  MOTION_TYPE_DEPOSIT: 'Deposit',
  MOTION_TYPE_WITHDRAW: 'Withdrawal',
  MOTION_TYPE_BORROW: 'Borrow',
  MOTION_TYPE_REPAY: 'Repay',
  MOTION_TYPE_INTEREST: 'Interest',
  MOTION_TYPE_LIQUIDATION: 'Liquidation',
};
/** "MOTION_TYPE_SOMETHING_NEW" -> "Something new": an unknown kind still reads as words. */
export function motionWords(type: string): string {
  const known = MOTION_WORDS[type];
  if (known) return known;
  const words = type
    .replace(/^MOTION_TYPE_/, '')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
const walletWords = (w: string, pair: string | null) =>
  w === 'SPOT' ? 'Spot' : w === 'CROSS_MARGIN' ? 'Cross' : `Isolated ${pair?.replace('_', '/') ?? ''}`;

export function WalletActivity({ motions }: { motions: WalletMotion[] }) {
  return (
    <table class="tr-table num" data-testid="wallet-activity">
      <thead>
        <tr>
          <th>Time</th>
          <th>Kind</th>
          <th>Wallet</th>
          <th>Currency</th>
          <th class="r">Change</th>
          <th class="r">Reserve change</th>
          <th class="r">Balance after</th>
        </tr>
      </thead>
      <tbody>
        {motions.map((m) => {
          const dp = currencyDp(m.currency);
          return (
            <tr key={m.id} data-testid="wallet-activity-row">
              <td>{time(m.time)}</td>
              <td>{motionWords(m.type)}</td>
              <td>{walletWords(m.walletType, m.pair)}</td>
              <td>{m.currency}</td>
              <td class={`r ${m.balanceDelta.startsWith('-') ? 'sell' : isZero(m.balanceDelta) ? 'muted' : 'buy'}`}>
                {exact(m.balanceDelta, dp)}
              </td>
              <td class="r muted">{exact(m.reserveDelta, dp)}</td>
              <td class="r">{exact(m.balanceEnd, dp)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
