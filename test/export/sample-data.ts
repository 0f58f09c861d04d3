/** Rows of every export kind, with awkward text (commas, quotes, line breaks, formula starts), and a fake client. */
import type {
  MarginBorrow,
  MarginInterest,
  MarginLiquidation,
  MarginRepay,
  MarginTransfer,
  Order,
  OwnTrade,
  Pair,
  WalletMotion,
} from '../../preload/domain';
import type { AlpClient } from '../../main/api/types';
import {
  MARGIN_BORROW_COLUMNS,
  MARGIN_INTEREST_COLUMNS,
  MARGIN_LIQUIDATION_COLUMNS,
  MARGIN_REPAY_COLUMNS,
  MARGIN_TRANSFER_COLUMNS,
  ORDER_COLUMNS,
  PNL_COLUMNS,
  TRADE_COLUMNS,
  WALLET_COLUMNS,
} from '../../main/export/columns';
import type { Column } from '../../main/export/csv';
import type { ExportKind } from '../../preload/domain';
import { README_EXAMPLE } from '../pnl/fixtures';
import { BTC_USD } from '../support/pairs';

const T0 = Date.UTC(2026, 10, 20, 12, 0, 0, 123);

export const PAIRS: Pair[] = [BTC_USD];

export function exampleData() {
  const trades: OwnTrade[] = README_EXAMPLE.map((t, i) => ({
    ...t,
    id: 100 + i,
    orderId: 500 + i,
    time: T0 + i * 60_000,
    feeRate: '0.002',
    isMaker: i % 2 === 0,
    accountId: 7,
  }));
  const orders: Order[] = [
    {
      id: 500,
      clientOrderId: '=cmd|"/c calc"!A1',
      accountId: 7,
      pair: 'BTC_USD',
      side: 'buy',
      type: 'STOP_LIMIT',
      tif: 'GTC',
      price: '100.00',
      stopPrice: '99.50',
      amount: '1.002',
      filled: '1.002',
      cancelled: '0',
      status: 'FILLED',
      walletType: 'SPOT',
      createdAt: T0 - 1000,
      updatedAt: T0,
      doneAt: T0,
      expireAt: null,
    },
    {
      id: 501,
      clientOrderId: null,
      accountId: null,
      pair: 'BTC_USD',
      side: 'sell',
      type: 'LIMIT',
      tif: null,
      price: '250',
      stopPrice: null,
      amount: '1',
      filled: '0',
      cancelled: '1',
      status: 'CANCELLED',
      walletType: 'SPOT',
      createdAt: 0,
      updatedAt: null,
      doneAt: null,
      expireAt: null,
    },
  ];
  const wallet: WalletMotion[] = [
    {
      id: 1,
      accountId: 7,
      currency: 'USD',
      pair: null,
      walletId: 3,
      time: T0,
      type: 'trade, "fill"\nline two',
      balance: '1000.5',
      balanceDelta: '-100.2',
      reserve: '0',
      reserveDelta: '0',
      balanceEnd: '900.3',
      reserveEnd: '0',
      walletType: 'SPOT',
    },
  ];
  const borrows: MarginBorrow[] = [
    {
      id: 9,
      time: T0,
      type: 'LOAN_MANUAL',
      walletType: 'CROSS_MARGIN',
      openedAt: T0,
      closedAt: null,
      borrowed: '1000',
      repaid: '250.12345678',
      interestRate: '0.0001',
      interestAccrued: '0.1',
      interestPaid: '0.05',
      accountId: 7,
      currency: 'USD',
      pair: null,
      lastInterestAt: T0 + 3_600_000,
    },
  ];
  const repays: MarginRepay[] = [
    {
      id: 4,
      accountId: 7,
      walletType: 'ISOLATED_MARGIN',
      time: T0,
      type: 'LOAN_AUTO',
      currency: 'BTC',
      pair: 'BTC_USD',
      principal: '0.5',
      interest: '0.00005',
      borrowId: null,
    },
  ];
  const transfers: MarginTransfer[] = [
    {
      id: 2,
      accountId: 7,
      walletType: 'CROSS_MARGIN',
      time: T0,
      direction: 'ADD',
      currency: 'USD',
      pair: null,
      amount: '5000',
      note: '+1 for "margin", test',
    },
  ];
  const interest: MarginInterest[] = [
    {
      id: 11,
      accountId: 7,
      walletType: 'CROSS_MARGIN',
      time: T0,
      currency: 'USD',
      pair: null,
      interestRate: '0.0001',
      borrowId: 9,
      interestAccrued: '0.1',
      interestPaid: '0',
    },
  ];
  const liquidations: MarginLiquidation[] = [
    {
      id: 1,
      accountId: 7,
      createdAt: T0,
      walletType: 'ISOLATED_MARGIN',
      marginLevel: '1.09',
      closedAt: T0 + 5,
      amount: '0.1',
      fundAmount: '0.02',
      currency: 'BTC',
      ordersClosed: [1, 2],
      ordersCreated: [],
      borrowsClosed: [9],
      repaysCreated: [4, 5],
    },
  ];
  const pnlRows = [
    ['0.00000000', '1.00000000', '100.20000000'],
    ['0.00000000', '2.00000000', '150.30000000'],
    ['99.20000000', '1.00000000', '150.30000000'],
  ].map(([realised, position, averageEntry], i) => {
    const t = trades[i] as OwnTrade;
    return {
      time: t.time,
      pair: t.pair,
      side: t.side,
      price: t.price,
      amount: t.amount,
      fee: t.fee,
      feeCurrency: t.feeCurrency as string,
      position: position as string,
      averageEntry: averageEntry as string,
      realised: realised as string,
      cumulativeRealised: realised as string,
      method: 'average',
    };
  });
  const table = <T>(columns: readonly Column<T>[], rows: readonly T[]) => ({
    columns: columns as readonly Column<unknown>[],
    rows: rows as readonly unknown[],
  });
  return {
    now: Date.UTC(2026, 11, 1),
    trades,
    orders,
    wallet,
    borrows,
    repays,
    transfers,
    interest,
    liquidations,
    expect(kind: ExportKind) {
      switch (kind) {
        case 'orders':
          return table(ORDER_COLUMNS, orders);
        case 'trades':
          return table(TRADE_COLUMNS, trades);
        case 'wallet':
          return table(WALLET_COLUMNS, wallet);
        case 'pnl':
          return table(PNL_COLUMNS, pnlRows);
        case 'margin-borrows':
          return table(MARGIN_BORROW_COLUMNS, borrows);
        case 'margin-repays':
          return table(MARGIN_REPAY_COLUMNS, repays);
        case 'margin-transfers':
          return table(MARGIN_TRANSFER_COLUMNS, transfers);
        case 'margin-interest':
          return table(MARGIN_INTEREST_COLUMNS, interest);
        case 'margin-liquidations':
          return table(MARGIN_LIQUIDATION_COLUMNS, liquidations);
      }
    },
  };
}

export type ExampleData = ReturnType<typeof exampleData>;

/** A client answering from the example data, recording the calls. */
export function fakeClient(data: ExampleData, calls: string[] = []): AlpClient {
  const answer =
    <T>(name: string, value: T) =>
    async () => {
      calls.push(name);
      return value;
    };
  return {
    ordersV3: answer('ordersV3', data.orders),
    accountTrades: answer('accountTrades', data.trades),
    walletActivity: answer('walletActivity', data.wallet),
    marginBorrows: answer('marginBorrows', data.borrows),
    marginRepays: answer('marginRepays', data.repays),
    marginTransfers: answer('marginTransfers', data.transfers),
    marginInterest: answer('marginInterest', data.interest),
    marginLiquidations: answer('marginLiquidations', data.liquidations),
    pairs: answer('pairs', PAIRS),
    tickers: answer('tickers', []),
    wallets: answer('wallets', []),
  } as unknown as AlpClient;
}
