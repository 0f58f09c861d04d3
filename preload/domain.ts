/**
 * The domain model: plain, structured-clone-safe data that crosses the bridge.
 * Money is a canonical decimal string (`Dec`), never a JS number, so nothing loses precision
 * on the way from the exchange to the screen. Times are epoch milliseconds.
 * The API client normalises every exchange response into these shapes; the renderer only reads them.
 */

/** Canonical decimal string, e.g. "0.00123" (no exponent). Do arithmetic with decimal.js, never Number(). */
export type Dec = string;

export type Side = 'buy' | 'sell';
export type OrderType = 'LIMIT' | 'MARKET' | 'STOP_LIMIT' | 'STOP_MARKET';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'AON';
export type StopOperator = 'GTE' | 'LTE';
/** v1 status 1 Active -> OPEN (PARTIAL_FILLED if something filled), 2 Canceled -> CANCELLED, 3 Done -> FILLED. */
export type OrderStatus =
  | 'PENDING'
  | 'OPEN'
  | 'PARTIAL_FILLED'
  | 'FILLED'
  | 'CANCELLED'
  | 'PARTIAL_CANCELLED'
  | 'EXPIRED'
  | 'FAILED';
export type WalletType = 'SPOT' | 'ISOLATED_MARGIN' | 'CROSS_MARGIN';
export type Timeframe = '5' | '15' | '30' | '60' | '240' | 'D';
export const TIMEFRAMES: readonly Timeframe[] = ['5', '15', '30', '60', '240', 'D'];
export type VenueKind = 'alp' | 'paper';
/**
 * Which API a profile speaks: `current` is today's ALP.COM (v3 only, ../shared/alp-api-current.md), the default;
 * `documented` is the API of ../shared/alp-api.md (v1 + charts + the early v3), selectable under Advanced.
 */
export type ApiDialect = 'documented' | 'current';
export const API_DIALECTS: readonly ApiDialect[] = ['current', 'documented'];
/** What a margin call fails with (kind `unsupported`) on a venue whose API offers no margin. */
export const NO_MARGIN_MESSAGE = 'This venue does not offer margin through its API.';
export type LoanType = 'LOAN_MANUAL' | 'LOAN_AUTO';
export type MarginDirection = 'ADD' | 'SUB';
export type WithdrawStatus = 'NEW' | 'VERIFIED' | 'APPROVED' | 'REFUSED' | 'CANCELLED';

export interface Currency {
  code: string;
  sign: string;
}

export interface Pair {
  name: string;
  base: string;
  quote: string;
  pricePrecision: number;
  amountPrecision: number;
  minOrderSize: Dec;
  maxOrderSize: Dec;
  /** Minimum price x amount, when the exchange reports it. */
  minOrderValue: Dec | null;
  liquidityType: number | null;
}

export interface Ticker {
  pair: string;
  time: number;
  last: Dec;
  /** 24h change in percent. */
  changePct: Dec;
  volume: Dec;
  high: Dec;
  low: Dec;
  bid: Dec;
  ask: Dec;
}

export interface Candle {
  /** Open time of the candle, epoch ms. */
  time: number;
  open: Dec;
  high: Dec;
  low: Dec;
  close: Dec;
  volume: Dec;
}

export interface BookLevel {
  price: Dec;
  amount: Dec;
}

export interface OrderBook {
  pair: string;
  /** Best (highest) first. */
  bids: BookLevel[];
  /** Best (lowest) first. */
  asks: BookLevel[];
  time: number;
}

export interface PublicTrade {
  id: number;
  pair: string;
  /** The taker's side where known (v1 reports the trade `type`). */
  side: Side;
  price: Dec;
  amount: Dec;
  time: number;
}

export interface Order {
  id: number;
  clientOrderId: string | null;
  accountId: number | null;
  pair: string;
  side: Side;
  type: OrderType;
  tif: TimeInForce | null;
  price: Dec;
  stopPrice: Dec | null;
  /** When a stop triggers (last price >= or <= the stop price); null when not a stop or not reported. */
  stopOperator?: StopOperator | null;
  /** Original amount in the base currency. */
  amount: Dec;
  filled: Dec;
  cancelled: Dec;
  status: OrderStatus;
  walletType: WalletType;
  createdAt: number;
  updatedAt: number | null;
  doneAt: number | null;
  expireAt: number | null;
}

/** A fill of one of the account's orders. */
export interface OwnTrade {
  id: number | null;
  orderId: number | null;
  pair: string;
  side: Side;
  price: Dec;
  amount: Dec;
  fee: Dec;
  feeCurrency: string | null;
  feeRate: Dec | null;
  isMaker: boolean | null;
  time: number;
  walletType: WalletType;
  accountId: number | null;
}

export interface Balance {
  currency: string;
  /** Everything held: available + reserve. */
  balance: Dec;
  /** Locked in open orders. */
  reserve: Dec;
  /** Free to trade or withdraw: balance - reserve (v1 wallets send it as their `balance`; v3 sends the total). */
  available: Dec;
  walletType: WalletType;
  pair: string | null;
  accountId: number | null;
  updatedAt: number | null;
}

export interface Deposit {
  id: number;
  currency: string;
  amount: Dec;
  time: number;
}

export interface Withdraw {
  id: number;
  currency: string;
  amount: Dec;
  time: number;
  status: WithdrawStatus;
}

export interface FeeRule {
  accountId: number;
  name: string;
  active: boolean;
  currency: string | null;
  pair: string | null;
  takerRate: Dec;
  makerRate: Dec;
  feeCurrency: string | null;
  priority: number;
}

export interface ExchangeAccount {
  id: number;
  name: string;
  email: string | null;
  /** Null for a top-level account; the parent's id for a subaccount. */
  parentId: number | null;
}

export interface WalletMotion {
  id: number;
  accountId: number;
  currency: string;
  pair: string | null;
  walletId: number | null;
  time: number;
  type: string;
  balance: Dec;
  balanceDelta: Dec;
  reserve: Dec;
  reserveDelta: Dec;
  balanceEnd: Dec;
  reserveEnd: Dec;
  walletType: WalletType;
}

export interface MarginPosition {
  id: number;
  accountId: number;
  walletType: WalletType;
  currency: string;
  pair: string | null;
  borrowed: Dec;
  interest: Dec;
  /** Assets / debts; null when nothing is borrowed or the exchange does not say. */
  marginLevel: Dec | null;
}

export interface MarginBorrow {
  id: number;
  time: number;
  type: LoanType;
  walletType: WalletType;
  openedAt: number | null;
  closedAt: number | null;
  borrowed: Dec;
  repaid: Dec;
  interestRate: Dec;
  interestAccrued: Dec;
  interestPaid: Dec;
  accountId: number;
  currency: string;
  pair: string | null;
  lastInterestAt: number | null;
}

export interface MarginTransfer {
  id: number;
  accountId: number;
  walletType: WalletType;
  time: number;
  direction: MarginDirection;
  currency: string;
  pair: string | null;
  amount: Dec;
  note: string;
}

export interface MarginRepay {
  id: number;
  accountId: number;
  walletType: WalletType;
  time: number;
  type: LoanType;
  currency: string;
  pair: string | null;
  principal: Dec;
  interest: Dec;
  borrowId: number | null;
}

export interface MarginInterest {
  id: number;
  accountId: number;
  walletType: WalletType;
  time: number;
  currency: string;
  pair: string | null;
  interestRate: Dec;
  borrowId: number | null;
  interestAccrued: Dec;
  interestPaid: Dec;
}

export interface MarginLiquidation {
  id: number;
  accountId: number;
  createdAt: number;
  walletType: WalletType;
  marginLevel: Dec;
  closedAt: number | null;
  amount: Dec;
  fundAmount: Dec;
  currency: string;
  /** The isolated scope's pair; null (or absent) for cross margin or when the exchange does not say. */
  pair?: string | null;
  ordersClosed: number[];
  ordersCreated: number[];
  borrowsClosed: number[];
  repaysCreated: number[];
}

/** What the client knows after trying to place an order; never a blind guess. */
export type PlaceOutcome = 'created' | 'not_created' | 'unknown';

export interface PlaceOrderResult {
  outcome: PlaceOutcome;
  orderId: number | null;
  clientOrderId: string | null;
  /** The order as the exchange reports it after placing, when it could be read. */
  order: Order | null;
  /** Fills that happened on placing (v1 reports them inline). */
  fills: OwnTrade[];
  /** Plain words for outcomes other than 'created'. */
  message: string | null;
}

/** One request the client made, for the UI's request log. Never holds a secret, token or signature. */
export interface RequestTrace {
  id: number;
  operation: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  startedAt: number;
  latencyMs: number | null;
  attempt: number;
  nonce: string | null;
  status: number | null;
  outcome: 'ok' | 'error' | 'pending';
  errorCode: string | null;
}

export interface RateBudget {
  /** Calls allowed per window. */
  limit: number;
  windowMs: number;
  /** Calls used in the current window. */
  used: number;
  /** Calls waiting in the queue. */
  queued: number;
}

// ---------- algo orders and price alerts (main/algos, main/alerts) ----------

/** TWAP: `total` split into slices over `durationMs`; with a limit, each slice rests at it until the next slice. */
export interface TwapDefinition {
  type: 'twap';
  pair: string;
  side: Side;
  total: Dec;
  durationMs: number;
  /** Number of slices; or give `intervalMs` and the slices are duration / interval (rounded up). */
  slices?: number;
  intervalMs?: number;
  /** Worst acceptable price: slices are limit orders at it (market orders without it). */
  priceLimit?: Dec;
  /** 0..0.5: each slice's size and start move by up to this fraction of a slice (drawn once, journaled). */
  randomize?: number;
}

/** Iceberg: only `visible` (± variance) rests at `price`; the next part is placed when it has filled. */
export interface IcebergDefinition {
  type: 'iceberg';
  pair: string;
  side: Side;
  total: Dec;
  visible: Dec;
  price: Dec;
  /** 0..0.5: each visible part's size moves by up to this fraction. */
  variance?: number;
}

/** OCO: a take-profit limit and a stop; a fill of one (even partial) reduces or cancels the other. */
export interface OcoDefinition {
  type: 'oco';
  pair: string;
  side: Side;
  amount: Dec;
  takeProfit: Dec;
  stop: Dec;
  /** Limit price of the stop leg; without it the stop is a stop-market order. */
  stopLimit?: Dec;
}

/** Bracket: an entry order; once it has filled, an OCO on the other side for the filled amount. */
export interface BracketDefinition {
  type: 'bracket';
  pair: string;
  side: Side;
  amount: Dec;
  /** Limit price of the entry; without it the entry is a market order. */
  entryPrice?: Dec;
  takeProfit: Dec;
  stop: Dec;
  stopLimit?: Dec;
}

/** Trailing stop: follows the best last price since start by a distance; fires a market or limit order. */
export interface TrailingStopDefinition {
  type: 'trailing';
  pair: string;
  /** 'sell' protects a long (the stop trails below the highest price), 'buy' a short. */
  side: Side;
  amount: Dec;
  distance: Dec;
  distanceKind: 'price' | 'percent';
  /** 'limit' fires a limit order at the stop level; 'market' a market order. */
  fire: 'market' | 'limit';
}

export type AlgoDefinition =
  | TwapDefinition
  | IcebergDefinition
  | OcoDefinition
  | BracketDefinition
  | TrailingStopDefinition;
export type AlgoType = AlgoDefinition['type'];

export type AlgoStatusKind = 'running' | 'waiting' | 'paused' | 'stalled' | 'done' | 'cancelled' | 'failed';

/** What the algo is doing, in words a trader reads: e.g. "paused: offline", "stalled: insufficient funds". */
export interface AlgoStatus {
  kind: AlgoStatusKind;
  /** Why (paused, stalled, failed) or what it waits for (waiting); null otherwise. */
  reason: string | null;
  /** e.g. "paused: offline" (kind, plus ": reason" when there is one). */
  label: string;
  since: number;
}

/** One child order as the algo sees it (read back from the exchange by its client order id). */
export interface AlgoChildView {
  seq: number;
  clientOrderId: string;
  role: string;
  side: Side;
  type: OrderType;
  price: Dec | null;
  stopPrice: Dec | null;
  amount: Dec;
  filled: Dec;
  /** 'sending' until the exchange answered; then the exchange's status. */
  state: 'sending' | 'open' | 'closed' | 'not_created';
  orderId: number | null;
  placedAt: number;
}

export interface AlgoView {
  id: string;
  profileId: string;
  definition: AlgoDefinition;
  status: AlgoStatus;
  createdAt: number;
  /** Base amount the algo trades in total (for OCO/bracket/trailing: the amount). */
  total: Dec;
  filled: Dec;
  /** Volume-weighted average fill price; null before the first fill. */
  avgPrice: Dec | null;
  childrenPlaced: number;
  lastAction: string;
  lastActionAt: number;
  /** Plain-words notes, e.g. "slice 3 carried 0.01 BTC over (not filled within the limit 60000)". */
  notes: string[];
  /** Price levels to draw on the chart (limit, stop, trailing level). */
  levels: { price: Dec; label: string }[];
  children: AlgoChildView[];
}

export type AlertCondition = 'above' | 'below' | 'crossing';
export type AlertSource = 'last' | 'bid' | 'ask';

export interface AlertDefinition {
  pair: string;
  condition: AlertCondition;
  source: AlertSource;
  price: Dec;
  repeat: boolean;
  sound: boolean;
  note?: string;
}

export interface AlertView extends AlertDefinition {
  id: string;
  profileId: string;
  createdAt: number;
  /** False once a one-shot alert has fired. */
  active: boolean;
  firedAt: number | null;
  fireCount: number;
}

/** A notification that needs the trader (algo stalled, done or failed; an alert fired). */
export interface AppNotification {
  id: number;
  title: string;
  body: string;
  sound: boolean;
  time: number;
  profileId: string | null;
}

// ---------- P&L and portfolio (computed in main from own trades; see README "P&L") ----------

/** Average cost (default) or first-in-first-out lots. */
export type PnlMethod = 'average' | 'fifo';

export interface FeeAmount {
  currency: string;
  amount: Dec;
}

/** P&L of one pair over a range, in the pair's quote currency. Figures have 8 decimals. */
export interface PairPnl {
  pair: string;
  base: string;
  quote: string;
  method: PnlMethod;
  trades: number;
  /** Signed base held from the range's trades (negative = short). */
  position: Dec;
  /** Cost per unit of the open position, fees included; null when flat. */
  averageEntry: Dec | null;
  /** Signed cost of the open position. */
  costBasis: Dec;
  realised: Dec;
  /** At the last price; null when the pair has no price. */
  unrealised: Dec | null;
  lastPrice: Dec | null;
  /** realised + unrealised (null without a price). */
  total: Dec | null;
  bought: Dec;
  sold: Dec;
  feesBase: Dec;
  feesQuote: Dec;
  /** Both fee currencies valued in quote (base fees at their trade's price). */
  feesValue: Dec;
  /** Fees charged in neither currency of the pair (reported, not in the P&L). */
  otherFees: FeeAmount[];
}

export interface AccountPnl {
  from: number;
  to: number;
  method: PnlMethod;
  /** The currency of the account totals. */
  currency: string;
  pairs: PairPnl[];
  /** Totals over the pairs converted at current prices; pairs that cannot be converted are in `unpriced`. */
  realised: Dec;
  unrealised: Dec;
  fees: Dec;
  total: Dec;
  unpriced: string[];
}

/** One row of the per-trade P&L history. */
export interface PnlLedgerRow {
  time: number;
  pair: string;
  side: Side;
  price: Dec;
  amount: Dec;
  fee: Dec;
  feeCurrency: string;
  /** After this trade. */
  position: Dec;
  averageEntry: Dec | null;
  realised: Dec;
  cumulativeRealised: Dec;
}

export type PriceSource = 'identity' | 'rate' | 'direct' | 'inverse' | 'cross';

export interface Holding {
  currency: string;
  /** Everything held (available + reserve), spot wallets. */
  amount: Dec;
  /** One unit in the chosen currency; null when no price path exists. */
  price: Dec | null;
  value: Dec | null;
  source: PriceSource | null;
}

export interface PortfolioValue {
  currency: string;
  time: number;
  total: Dec;
  holdings: Holding[];
  unpriced: string[];
}

export interface ValuePoint {
  time: number;
  value: Dec;
}

// ---------- CSV export ----------

export type ExportKind =
  | 'orders'
  | 'trades'
  | 'wallet'
  | 'pnl'
  | 'margin-borrows'
  | 'margin-repays'
  | 'margin-transfers'
  | 'margin-interest'
  | 'margin-liquidations';

export interface ExportResult {
  kind: ExportKind;
  filename: string;
  rows: number;
  /** The file's text, for a browser download (destination 'download'); null when main wrote a file. */
  csv: string | null;
  /** Where main wrote the file (destination 'file'); null when cancelled or downloading. */
  path: string | null;
  cancelled: boolean;
}
