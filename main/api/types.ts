/**
 * The API client's public surface: one typed method per documented operation (see ../shared/alp-api.md).
 * Parameters and results use the domain model (decimal strings, epoch ms, enums); the client converts to and
 * from the wire. Everything that talks to an exchange goes through an `AlpClient`.
 */
import type {
  Balance,
  Candle,
  Currency,
  Deposit,
  Dec,
  ExchangeAccount,
  FeeRule,
  LoanType,
  MarginBorrow,
  MarginDirection,
  MarginInterest,
  MarginLiquidation,
  MarginPosition,
  MarginRepay,
  MarginTransfer,
  Order,
  OrderBook,
  OrderType,
  OwnTrade,
  Pair,
  PlaceOrderResult,
  PublicTrade,
  RateBudget,
  RequestTrace,
  Side,
  StopOperator,
  Ticker,
  TimeInForce,
  Timeframe,
  WalletMotion,
  WalletType,
  Withdraw,
  WithdrawStatus,
  ApiDialect,
} from '../../preload/domain';

/** A time range for v3 history queries, epoch ms; any length (the client splits ranges over 30 days). */
export interface TimeRange {
  from?: number;
  to?: number;
}

export interface CandlesQuery {
  pair: string;
  timeframe: Timeframe;
  limit?: number;
  /** Epoch ms (sent as seconds). */
  since?: number;
  until?: number;
}

export interface OrderbookQuery {
  pair: string;
  limitSell?: number;
  limitBuy?: number;
  group?: boolean;
}

export interface PublicTradesQuery {
  pair?: string;
  limit?: number;
  offset?: number;
  ordering?: 'id' | '-id';
}

export interface OwnOrdersQuery {
  side?: Side;
  pair?: string;
  status?: 'open' | 'cancelled' | 'done';
  limit?: number;
  /** The trader is waiting to see this (goes before ordinary reads, after orders and cancels). */
  urgent?: boolean;
}

export interface OwnTradesQuery extends PublicTradesQuery {
  side?: Side;
}

export interface WithdrawsQuery {
  currencyId?: string;
  status?: WithdrawStatus;
}

/** A v1 order: limit only. Price and amount are rounded/checked against the pair before the wire. */
export interface LimitOrderRequest {
  pair: string;
  side: Side;
  price: Dec;
  amount: Dec;
}

/** A v3 order. */
export interface OrderRequestV3 {
  pair: string;
  side: Side;
  type: OrderType;
  /** Limit price (LIMIT, STOP_LIMIT). */
  price?: Dec;
  /** Base amount (required for limit types; for MARKET either amount or quoteAmount). */
  amount?: Dec;
  quoteAmount?: Dec;
  stopPrice?: Dec;
  stopOperator?: StopOperator;
  tif?: TimeInForce;
  walletType?: WalletType;
  accountId?: number;
  /** Set by the client when absent, so an uncertain outcome can be resolved. */
  clientOrderId?: string;
  /** Epoch ms. */
  expireAfter?: number;
  sideEffect?: 'AUTO_BORROW' | 'AUTO_REPAY';
  /** A limit order that must rest on the book: the exchange refuses it when it would take liquidity. */
  postOnly?: boolean;
}

export interface OrdersV3Query extends TimeRange {
  pair?: string;
  openOnly?: boolean;
  side?: Side;
  /** The trader is waiting to see this (goes before ordinary reads, after orders and cancels). */
  urgent?: boolean;
}

export interface CancelOrdersV3Request {
  orderIds?: number[];
  all?: boolean;
  pair?: string;
}

export interface AccountTradesQuery extends TimeRange {
  pair?: string;
  side?: Side;
  /** The trader is waiting to see this (goes before ordinary reads, after orders and cancels). */
  urgent?: boolean;
}

export interface WalletActivityQuery extends TimeRange {
  currency?: string;
  side?: Side;
}

export interface MarginHistoryQuery extends TimeRange {
  pair?: string;
  currency?: string;
  openOnly?: boolean;
}

export interface BorrowRequest {
  currency: string;
  pair?: string;
  walletType: 'ISOLATED_MARGIN' | 'CROSS_MARGIN';
  type: LoanType;
  amount: Dec;
}

export interface TransferRequest {
  walletType: 'ISOLATED_MARGIN' | 'CROSS_MARGIN';
  direction: MarginDirection;
  currency: string;
  amount: Dec;
  pair?: string;
  note?: string;
}

export interface RepayRequest {
  walletType: 'ISOLATED_MARGIN' | 'CROSS_MARGIN';
  type: LoanType;
  currency: string;
  amount: Dec;
  pair?: string;
}

export interface CloseMarginRequest {
  pair?: string;
  walletType: 'ISOLATED_MARGIN' | 'CROSS_MARGIN';
}

export interface AlpClient {
  /** Which API this client speaks (see preload/domain ApiDialect). */
  readonly dialect: ApiDialect;
  /** Why this client's dialect lacks `operation` (a method name), or null when it offers it. */
  supports(
    operation: Exclude<
      keyof AlpClient,
      'traces' | 'privateBudget' | 'onTrace' | 'dialect' | 'supports' | 'streamToken' | 'streamUrl'
    >,
  ): string | null;
  /** The venue's WebSocket URL when this dialect streams (current), else null (the feeds poll). */
  readonly streamUrl: string | null;
  /** The v3 token, for the private WebSocket's `["auth", jwt]`; fetched/refreshed like a REST call's. */
  streamToken(): Promise<string>;
  // v1 public
  currencies(): Promise<Currency[]>;
  pairs(q?: { currency1?: string; currency2?: string }): Promise<Pair[]>;
  tickers(q?: { pair?: string }): Promise<Ticker[]>;
  candles(q: CandlesQuery): Promise<Candle[]>;
  orderbook(q: OrderbookQuery): Promise<OrderBook>;
  publicTrades(q?: PublicTradesQuery): Promise<PublicTrade[]>;
  order(id: number): Promise<Order>;

  // v1 private
  /** `urgent`: the trader is waiting to see this (goes before ordinary reads, after orders and cancels). */
  wallets(q?: { currencyId?: string; urgent?: boolean }): Promise<Balance[]>;
  ownOrders(q?: OwnOrdersQuery): Promise<Order[]>;
  createOrder(o: LimitOrderRequest): Promise<PlaceOrderResult>;
  cancelOrder(id: number): Promise<void>;
  ownTrades(q?: OwnTradesQuery): Promise<OwnTrade[]>;
  deposits(): Promise<Deposit[]>;
  withdraws(q?: WithdrawsQuery): Promise<Withdraw[]>;

  // v3 private
  feeInfo(): Promise<FeeRule[]>;
  ordersV3(q?: OrdersV3Query): Promise<Order[]>;
  placeOrderV3(o: OrderRequestV3): Promise<PlaceOrderResult>;
  /** Resolves with the ids the exchange cancelled (empty when there was nothing to cancel). */
  cancelOrdersV3(q: CancelOrdersV3Request): Promise<number[]>;
  accounts(q?: { includeSubaccounts?: boolean }): Promise<ExchangeAccount[]>;
  accountTrades(q?: AccountTradesQuery): Promise<OwnTrade[]>;
  accountBalances(): Promise<Balance[]>;
  walletActivity(q?: WalletActivityQuery): Promise<WalletMotion[]>;
  marginPositions(q: { isolated?: boolean; cross?: boolean }): Promise<MarginPosition[]>;
  closeMargin(q: CloseMarginRequest): Promise<void>;
  marginBorrows(q?: MarginHistoryQuery): Promise<MarginBorrow[]>;
  borrow(r: BorrowRequest): Promise<void>;
  marginTransfers(q?: MarginHistoryQuery): Promise<MarginTransfer[]>;
  transfer(r: TransferRequest): Promise<void>;
  marginRepays(q?: MarginHistoryQuery): Promise<MarginRepay[]>;
  repay(r: RepayRequest): Promise<void>;
  marginInterest(q?: MarginHistoryQuery): Promise<MarginInterest[]>;
  marginLiquidations(q?: MarginHistoryQuery): Promise<MarginLiquidation[]>;
  /** "Coming soon" in the contract: always fails with an ApiError of kind 'unsupported'. */
  walletAddresses(): Promise<never>;
  withdraw(): Promise<never>;

  // observability
  /** The most recent requests, newest last; never contains a secret, token or signature. */
  traces(): RequestTrace[];
  /** The private-call rate budget of this client's account. */
  privateBudget(): RateBudget;
  /** Subscribe to each finished request (for latency and connection state). Returns an unsubscribe function. */
  onTrace(listener: (t: RequestTrace) => void): () => void;
}

/** Kinds of failure the client reports; the bridge forwards them to the UI with the message. */
export type ApiErrorKind =
  | 'network'
  | 'timeout'
  | 'auth'
  | 'nonce'
  | 'rate_limit'
  | 'validation'
  | 'rejected'
  | 'malformed'
  | 'unsupported';

/** Credentials live only in the main process; the client reads the secret through this, on demand. */
export interface Credentials {
  apiKey: string;
  /** Returns the secret; called when signing, never stored by the client beyond the call. */
  secret(): Promise<string>;
}

/** Persists each API key's nonce high-water mark so nonces keep increasing across restarts. */
export interface NonceStore {
  load(apiKey: string): Promise<bigint | null>;
  save(apiKey: string, highWater: bigint): Promise<void>;
}

export interface AlpClientDeps {
  baseUrl: string;
  /** The API dialect; `documented` when absent (the profile manager passes each profile's choice). */
  dialect?: ApiDialect;
  /** The WebSocket URL of the venue (current dialect); derived from baseUrl when absent (`/ws` on its host). */
  streamUrl?: string;
  credentials: Credentials | null;
  nonceStore: NonceStore;
  /** Injected for tests; defaults to globalThis.fetch. */
  fetch?: typeof fetch;
  /** Injected clock, epoch ms. */
  now?: () => number;
  /** Injected sleep (tests pair it with the clock). */
  sleep?: (ms: number) => Promise<void>;
  /** Per-request timeout, ms (default 10 000). */
  timeoutMs?: number;
  /** Random source for jitter and client order ids. */
  random?: () => number;
  /**
   * Client-side pacing (optional; see rate-limiter.ts). Defaults: the exchange's 2 private calls per account and
   * 100 public calls per origin in any 1000 ms, bursts allowed, each call holding its slot until `windowMs +
   * marginMs` (50) after its answer. Tests shorten the window here and in the paper exchange's `rateWindowMs`.
   */
  limits?: { privatePerWindow: number; publicPerWindow: number; windowMs: number; marginMs?: number };
  /**
   * Which order-creating calls the venue is known to refuse once their `valid_till` has passed. The client always
   * sends the deadline; only where it is honoured may a lost answer followed by empty lookups end `not_created`
   * (otherwise `unknown`: the request could still arrive late). Defaults: v3 yes (the contract documents
   * `valid_till` on POST /api/v3/orders), v1 no (the v1 contract has no such parameter).
   */
  honoursValidTill?: { v1?: boolean; v3?: boolean };
}
