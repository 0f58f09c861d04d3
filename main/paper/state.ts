import type { Dec } from './money';

/**
 * The exchange's whole durable state as plain data (Maps, arrays, records). Services operate on it; the
 * snapshot writer serialises it as is, and derived indexes (book, key index...) are rebuilt on load.
 */
export type WalletType = 'SPOT' | 'CROSS_MARGIN' | 'ISOLATED_MARGIN';
export type Side = 'BUY' | 'SELL';
export type OrderType = 'LIMIT' | 'MARKET' | 'STOP_LIMIT' | 'STOP_MARKET';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'AON';
export type StopOperator = 'GTE' | 'LTE';
export type OrderStatus =
  | 'PENDING'
  | 'OPEN'
  | 'PARTIAL_FILLED'
  | 'FILLED'
  | 'CANCELLED'
  | 'PARTIAL_CANCELLED'
  | 'EXPIRED'
  | 'FAILED';
export type SideEffect = '' | 'AUTO_BORROW' | 'AUTO_REPAY';
export type MotionType =
  | 'MOTION_TYPE_DEPOSIT'
  | 'MOTION_TYPE_ORDER'
  | 'MOTION_TYPE_CANCEL'
  | 'MOTION_TYPE_TRADE'
  | 'MOTION_TYPE_FEE'
  | 'MOTION_TYPE_TRANSFER'
  | 'MOTION_TYPE_BORROW'
  | 'MOTION_TYPE_REPAY'
  | 'MOTION_TYPE_LIQUIDATION';
export type LoanType = 'LOAN_MANUAL' | 'LOAN_AUTO';

export interface Account {
  id: number;
  name: string;
  email: string;
  parentId: number;
  key: string;
  secret: string;
  /** Last accepted nonce, as a decimal string (nonces may exceed 2^53). */
  lastNonce: string;
  /** Simulated traders and the lending pool: no activity log, no rate limits, orders pruned once done. */
  internal: boolean;
  createdAt: number;
}

export interface Wallet {
  id: number;
  accountId: number;
  walletType: WalletType;
  /** Isolated margin pair; '' for SPOT and CROSS_MARGIN. */
  pair: string;
  currency: string;
  balance: Dec;
  reserve: Dec;
  updatedAt: number;
}

export interface Activity {
  id: number;
  accountId: number;
  walletId: number;
  walletType: WalletType;
  currency: string;
  pair: string;
  side: Side | '';
  date: number;
  type: MotionType;
  balance: Dec;
  balanceDelta: Dec;
  reserve: Dec;
  reserveDelta: Dec;
}

export interface OrderRecord {
  id: number;
  accountId: number;
  pair: string;
  side: Side;
  type: OrderType;
  tif: TimeInForce;
  walletType: WalletType;
  price: Dec;
  stopPrice: Dec;
  stopOperator: StopOperator | '';
  /** Base amount ordered; for a market buy by quote amount it is set to the filled amount once done. */
  amount: Dec;
  quoteAmount: Dec;
  filled: Dec;
  cancelled: Dec;
  status: OrderStatus;
  createdAt: number;
  updatedAt: number;
  openAt: number;
  doneAt: number;
  expireAt: number;
  clientOrderId: string;
  sideEffect: SideEffect;
  /** What is still held in reserve for this order, in `reserveCurrency`. */
  reserved: Dec;
  reserveCurrency: string;
  /**
   * When the order joined its book (`counters.rest` then): its time priority. Not the id, since a stop-limit
   * gets its id at placement but joins the book only when triggered. Absent until it rests, and in states
   * written before it was recorded (those orders keep id order, ahead of every later one).
   */
  restSeq?: number;
}

export interface TradeRecord {
  id: number;
  pair: string;
  price: Dec;
  amount: Dec;
  /** quote moved from buyer to seller (price x amount truncated to 8 decimals). */
  total: Dec;
  takerSide: Side;
  time: number;
  buyOrderId: number;
  sellOrderId: number;
  buyerId: number;
  sellerId: number;
  buyFee: Dec;
  sellFee: Dec;
  buyFeeRate: Dec;
  sellFeeRate: Dec;
  buyWalletType: WalletType;
  sellWalletType: WalletType;
}

export interface Candle {
  /** Bucket open, epoch seconds. */
  time: number;
  /** Prices in ticks and volume in lots of the pair: exact integers. */
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface Deposit {
  id: number;
  accountId: number;
  currency: string;
  amount: Dec;
  time: number;
}

export interface Borrow {
  id: number;
  accountId: number;
  walletType: WalletType;
  pair: string;
  currency: string;
  type: LoanType;
  openedAt: number;
  closedAt: number;
  borrowed: Dec;
  repaid: Dec;
  interestRate: Dec;
  interestAccrued: Dec;
  interestPaid: Dec;
  lastInterestAt: number;
  /**
   * Exact interest accrued up to `lastInterestAt` beyond what was charged (`interestAccrued` is whole 1e-8s):
   * carried into the next charge, so small loans accrue at their true rate. Absent in older states (= 0).
   */
  interestCarry?: Dec;
}

export interface Transfer {
  id: number;
  accountId: number;
  walletType: WalletType;
  pair: string;
  currency: string;
  direction: 'ADD' | 'SUB';
  amount: Dec;
  note: string;
  date: number;
}

export interface Repay {
  id: number;
  accountId: number;
  walletType: WalletType;
  pair: string;
  currency: string;
  type: LoanType;
  principal: Dec;
  interest: Dec;
  borrowId: number;
  date: number;
}

export interface InterestCharge {
  id: number;
  accountId: number;
  walletType: WalletType;
  pair: string;
  currency: string;
  rate: Dec;
  borrowId: number;
  accrued: Dec;
  paid: Dec;
  date: number;
}

export interface Liquidation {
  id: number;
  accountId: number;
  walletType: WalletType;
  pair: string;
  currency: string;
  marginLevel: Dec;
  amount: Dec;
  fundAmount: Dec;
  createdAt: number;
  closedAt: number;
  orderClosed: number[];
  orderCreated: number[];
  borrowClosed: number[];
  repayCreated: number[];
}

export interface Counters {
  account: number;
  wallet: number;
  activity: number;
  order: number;
  trade: number;
  deposit: number;
  margin: number;
  /** Orders that have joined a book so far (see `OrderRecord.restSeq`); absent in older states (= 0). */
  rest?: number;
}

export interface CoreState {
  genesis: { time: number; seed: number; simulate: boolean } | null;
  counters: Counters;
  accounts: Map<number, Account>;
  wallets: Map<string, Wallet>;
  activity: Activity[];
  fees: Map<string, Dec>;
  orders: Map<number, OrderRecord>;
  trades: TradeRecord[];
  lastPrice: Map<string, Dec>;
  candles: Map<string, Candle[]>;
  deposits: Deposit[];
  borrows: Borrow[];
  transfers: Transfer[];
  repays: Repay[];
  interests: InterestCharge[];
  liquidations: Liquidation[];
  /** Last hour boundary (epoch ms) at which interest was accrued. */
  lastTickAt: number;
  /** The simulated market's own state (its PRNG and fair prices): replaying a step needs nothing else. */
  sim?: SimState;
  /** When history is next pruned by count (array lengths): state, so replay prunes at the same points. */
  retention?: { tradesPruneAt: number; activityPruneAt: number };
}

export interface SimState {
  /** mulberry32 state. */
  rng: number;
  /** Fair price per pair, in ticks (a float: the random walk's state, never money). */
  fair: Record<string, number>;
}

export function emptyState(): CoreState {
  return {
    genesis: null,
    counters: { account: 0, wallet: 0, activity: 0, order: 0, trade: 0, deposit: 0, margin: 0 },
    accounts: new Map(),
    wallets: new Map(),
    activity: [],
    fees: new Map(),
    orders: new Map(),
    trades: [],
    lastPrice: new Map(),
    candles: new Map(),
    deposits: [],
    borrows: [],
    transfers: [],
    repays: [],
    interests: [],
    liquidations: [],
    lastTickAt: 0,
  };
}
