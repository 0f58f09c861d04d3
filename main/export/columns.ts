/**
 * The columns of every export (documented in the README's P&L section). Decimals are the exchange's exact strings;
 * times are ISO 8601 UTC; empty cell = no value.
 */
import type {
  MarginBorrow,
  MarginInterest,
  MarginLiquidation,
  MarginRepay,
  MarginTransfer,
  Order,
  OwnTrade,
  PnlLedgerRow,
  WalletMotion,
} from '../../preload/domain';
import type { Column } from './csv';
import { exactProduct } from './exact-product';

export const ORDER_COLUMNS: Column<Order>[] = [
  { name: 'id', kind: 'int', get: (o) => o.id },
  { name: 'client_order_id', kind: 'text', get: (o) => o.clientOrderId },
  { name: 'created_at', kind: 'time', get: (o) => o.createdAt || null },
  { name: 'updated_at', kind: 'time', get: (o) => o.updatedAt },
  { name: 'done_at', kind: 'time', get: (o) => o.doneAt },
  { name: 'pair', kind: 'text', get: (o) => o.pair },
  { name: 'side', kind: 'text', get: (o) => o.side },
  { name: 'type', kind: 'text', get: (o) => o.type },
  { name: 'tif', kind: 'text', get: (o) => o.tif },
  { name: 'price', kind: 'dec', get: (o) => o.price },
  { name: 'stop_price', kind: 'dec', get: (o) => o.stopPrice },
  { name: 'amount', kind: 'dec', get: (o) => o.amount },
  { name: 'filled', kind: 'dec', get: (o) => o.filled },
  { name: 'cancelled', kind: 'dec', get: (o) => o.cancelled },
  { name: 'status', kind: 'text', get: (o) => o.status },
  { name: 'wallet_type', kind: 'text', get: (o) => o.walletType },
  { name: 'account_id', kind: 'int', get: (o) => o.accountId },
];

export const TRADE_COLUMNS: Column<OwnTrade>[] = [
  { name: 'time', kind: 'time', get: (t) => t.time },
  { name: 'id', kind: 'int', get: (t) => t.id },
  { name: 'order_id', kind: 'int', get: (t) => t.orderId },
  { name: 'pair', kind: 'text', get: (t) => t.pair },
  { name: 'side', kind: 'text', get: (t) => t.side },
  { name: 'price', kind: 'dec', get: (t) => t.price },
  { name: 'amount', kind: 'dec', get: (t) => t.amount },
  // price × amount, exact (both are the exchange's decimals).
  { name: 'quote_amount', kind: 'dec', get: (t) => exactProduct(t.price, t.amount) },
  { name: 'fee', kind: 'dec', get: (t) => t.fee },
  { name: 'fee_currency', kind: 'text', get: (t) => t.feeCurrency },
  { name: 'fee_rate', kind: 'dec', get: (t) => t.feeRate },
  { name: 'maker', kind: 'bool', get: (t) => t.isMaker },
  { name: 'wallet_type', kind: 'text', get: (t) => t.walletType },
  { name: 'account_id', kind: 'int', get: (t) => t.accountId },
];

export const WALLET_COLUMNS: Column<WalletMotion>[] = [
  { name: 'time', kind: 'time', get: (w) => w.time },
  { name: 'id', kind: 'int', get: (w) => w.id },
  { name: 'account_id', kind: 'int', get: (w) => w.accountId },
  { name: 'currency', kind: 'text', get: (w) => w.currency },
  { name: 'pair', kind: 'text', get: (w) => w.pair },
  { name: 'wallet_type', kind: 'text', get: (w) => w.walletType },
  { name: 'type', kind: 'text', get: (w) => w.type },
  { name: 'balance', kind: 'dec', get: (w) => w.balance },
  { name: 'balance_delta', kind: 'dec', get: (w) => w.balanceDelta },
  { name: 'balance_end', kind: 'dec', get: (w) => w.balanceEnd },
  { name: 'reserve', kind: 'dec', get: (w) => w.reserve },
  { name: 'reserve_delta', kind: 'dec', get: (w) => w.reserveDelta },
  { name: 'reserve_end', kind: 'dec', get: (w) => w.reserveEnd },
];

export const PNL_COLUMNS: Column<PnlLedgerRow & { method: string }>[] = [
  { name: 'time', kind: 'time', get: (r) => r.time },
  { name: 'pair', kind: 'text', get: (r) => r.pair },
  { name: 'side', kind: 'text', get: (r) => r.side },
  { name: 'price', kind: 'dec', get: (r) => r.price },
  { name: 'amount', kind: 'dec', get: (r) => r.amount },
  { name: 'fee', kind: 'dec', get: (r) => r.fee },
  { name: 'fee_currency', kind: 'text', get: (r) => r.feeCurrency },
  { name: 'position', kind: 'dec', get: (r) => r.position },
  { name: 'average_entry', kind: 'dec', get: (r) => r.averageEntry },
  { name: 'realised', kind: 'dec', get: (r) => r.realised },
  { name: 'cumulative_realised', kind: 'dec', get: (r) => r.cumulativeRealised },
  { name: 'method', kind: 'text', get: (r) => r.method },
];

const scope = <
  T extends { accountId: number; walletType: string; currency: string; pair: string | null },
>(): Column<T>[] => [
  { name: 'account_id', kind: 'int', get: (r) => r.accountId },
  { name: 'wallet_type', kind: 'text', get: (r) => r.walletType },
  { name: 'currency', kind: 'text', get: (r) => r.currency },
  { name: 'pair', kind: 'text', get: (r) => r.pair },
];

export const MARGIN_BORROW_COLUMNS: Column<MarginBorrow>[] = [
  { name: 'time', kind: 'time', get: (r) => r.time },
  { name: 'id', kind: 'int', get: (r) => r.id },
  ...scope<MarginBorrow>(),
  { name: 'type', kind: 'text', get: (r) => r.type },
  { name: 'borrowed', kind: 'dec', get: (r) => r.borrowed },
  { name: 'repaid', kind: 'dec', get: (r) => r.repaid },
  { name: 'interest_rate', kind: 'dec', get: (r) => r.interestRate },
  { name: 'interest_accrued', kind: 'dec', get: (r) => r.interestAccrued },
  { name: 'interest_paid', kind: 'dec', get: (r) => r.interestPaid },
  { name: 'opened_at', kind: 'time', get: (r) => r.openedAt },
  { name: 'closed_at', kind: 'time', get: (r) => r.closedAt },
  { name: 'last_interest_at', kind: 'time', get: (r) => r.lastInterestAt },
];

export const MARGIN_REPAY_COLUMNS: Column<MarginRepay>[] = [
  { name: 'time', kind: 'time', get: (r) => r.time },
  { name: 'id', kind: 'int', get: (r) => r.id },
  ...scope<MarginRepay>(),
  { name: 'type', kind: 'text', get: (r) => r.type },
  { name: 'principal', kind: 'dec', get: (r) => r.principal },
  { name: 'interest', kind: 'dec', get: (r) => r.interest },
  { name: 'borrow_id', kind: 'int', get: (r) => r.borrowId },
];

export const MARGIN_TRANSFER_COLUMNS: Column<MarginTransfer>[] = [
  { name: 'time', kind: 'time', get: (r) => r.time },
  { name: 'id', kind: 'int', get: (r) => r.id },
  ...scope<MarginTransfer>(),
  { name: 'direction', kind: 'text', get: (r) => r.direction },
  { name: 'amount', kind: 'dec', get: (r) => r.amount },
  { name: 'note', kind: 'text', get: (r) => r.note },
];

export const MARGIN_INTEREST_COLUMNS: Column<MarginInterest>[] = [
  { name: 'time', kind: 'time', get: (r) => r.time },
  { name: 'id', kind: 'int', get: (r) => r.id },
  ...scope<MarginInterest>(),
  { name: 'interest_rate', kind: 'dec', get: (r) => r.interestRate },
  { name: 'interest_accrued', kind: 'dec', get: (r) => r.interestAccrued },
  { name: 'interest_paid', kind: 'dec', get: (r) => r.interestPaid },
  { name: 'borrow_id', kind: 'int', get: (r) => r.borrowId },
];

const ids = (xs: readonly number[]) => xs.join(' ');

export const MARGIN_LIQUIDATION_COLUMNS: Column<MarginLiquidation>[] = [
  { name: 'time', kind: 'time', get: (r) => r.createdAt },
  { name: 'id', kind: 'int', get: (r) => r.id },
  { name: 'account_id', kind: 'int', get: (r) => r.accountId },
  { name: 'wallet_type', kind: 'text', get: (r) => r.walletType },
  { name: 'currency', kind: 'text', get: (r) => r.currency },
  { name: 'margin_level', kind: 'dec', get: (r) => r.marginLevel },
  { name: 'amount', kind: 'dec', get: (r) => r.amount },
  { name: 'fund_amount', kind: 'dec', get: (r) => r.fundAmount },
  { name: 'closed_at', kind: 'time', get: (r) => r.closedAt },
  { name: 'orders_closed', kind: 'text', get: (r) => ids(r.ordersClosed) },
  { name: 'orders_created', kind: 'text', get: (r) => ids(r.ordersCreated) },
  { name: 'borrows_closed', kind: 'text', get: (r) => ids(r.borrowsClosed) },
  { name: 'repays_created', kind: 'text', get: (r) => ids(r.repaysCreated) },
];
