/**
 * The bridge contract: every method the renderer may call and every event stream it may subscribe to,
 * with the request schema main validates before anything runs and the response type the renderer receives.
 * Main registers its handlers from this, preload exposes `window.alp` from it, the renderer takes its types
 * from it. Channel names are derived here and nowhere else.
 */
import { z } from 'zod';
import type {
  AlertView,
  AlgoView,
  AppNotification,
  Balance,
  Candle,
  Currency,
  AccountPnl,
  Deposit,
  ExchangeAccount,
  ExportResult,
  FeeRule,
  MarginBorrow,
  MarginInterest,
  MarginLiquidation,
  MarginPosition,
  MarginRepay,
  MarginTransfer,
  Order,
  OrderBook,
  OwnTrade,
  Pair,
  PlaceOrderResult,
  PortfolioValue,
  PublicTrade,
  RateBudget,
  RequestTrace,
  Ticker,
  ValuePoint,
  VenueKind,
  WalletMotion,
  Withdraw,
  ApiDialect,
} from './domain';

// ---------- shared field schemas ----------

const id = z.string().min(1, 'is required').max(64, 'is too long');
export const profileIdSchema = id;
export const pairSchema = z.string().regex(/^[A-Z0-9]{2,12}_[A-Z0-9]{2,12}$/, 'must be a pair symbol like BTC_USD');
export const currencySchema = z.string().regex(/^[A-Z0-9]{2,12}$/, 'must be a currency code like BTC');
/** A positive decimal written as a string: money never travels as a float. */
export const decSchema = z
  .string()
  .regex(/^(0|[1-9]\d{0,17})(\.\d{1,18})?$/, 'must be a decimal number written as a string, like "0.05"')
  .refine((s) => /[1-9]/.test(s), 'must be greater than zero');
export const sideSchema = z.enum(['buy', 'sell']);
export const timeframeSchema = z.enum(['5', '15', '30', '60', '240', 'D']);
export const orderTypeSchema = z.enum(['LIMIT', 'MARKET', 'STOP_LIMIT', 'STOP_MARKET']);
export const tifSchema = z.enum(['GTC', 'IOC', 'FOK', 'AON']);
export const marginWalletSchema = z.enum(['ISOLATED_MARGIN', 'CROSS_MARGIN']);
export const walletTypeSchema = z.enum(['SPOT', 'ISOLATED_MARGIN', 'CROSS_MARGIN']);
/** A history range in epoch ms, [from, to); any length (history is read in the exchange's windows). */
const epochMs = z.number().int().nonnegative().max(8_640_000_000_000_000);
const rangeFields = { from: epochMs.optional(), to: epochMs.optional() };
const rangeOk = (r: { from?: number; to?: number }) => r.from === undefined || r.to === undefined || r.from < r.to;
const rangeIssue = { path: ['to'], message: 'must be after from' };
export const loanTypeSchema = z.enum(['LOAN_MANUAL', 'LOAN_AUTO']);
const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a color like #3b82f6');
const labelSchema = z.string().trim().min(1, 'is required').max(40, 'must be at most 40 characters');
const baseUrlSchema = z
  .string()
  .url('must be a URL like https://alp.com')
  .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://');
const apiKeySchema = z.string().trim().min(1, 'is required').max(256, 'is too long');
const apiSecretSchema = z.string().min(1, 'is required').max(512, 'is too long');
export const dialectSchema = z.enum(['current', 'documented']);

const empty = z.object({}).strict();
const byProfile = z.object({ profileId: profileIdSchema }).strict();
const byProfilePair = z.object({ profileId: profileIdSchema, pair: pairSchema }).strict();
const byProfileOptPair = z.object({ profileId: profileIdSchema, pair: pairSchema.optional() }).strict();
const historyByPair = z
  .object({ profileId: profileIdSchema, pair: pairSchema.optional(), ...rangeFields })
  .strict()
  .refine(rangeOk, rangeIssue);

// ---------- bridge-only types ----------

export interface VenueInfo {
  kind: VenueKind;
  name: string;
  defaultBaseUrl: string;
}

export interface AppInfo {
  name: string;
  version: string;
  mode: 'electron' | 'web';
  platform: string;
  venues: VenueInfo[];
}

/** A profile as the renderer sees it: the API key is masked and the secret is never included. */
export interface ProfileView {
  id: string;
  label: string;
  venue: VenueKind;
  baseUrl: string;
  /** e.g. "ab12…9f3c"; never the whole key, never the secret. */
  apiKeyHint: string;
  color: string;
  createdAt: number;
  lastUsedAt: number | null;
  builtIn: boolean;
  /** False when the keychain entry is missing (e.g. keychain unavailable or entry deleted outside the app). */
  hasSecret: boolean;
  /** Which API the profile speaks: `current` (today's ALP.COM, the default) or `documented` (Advanced). */
  dialect: ApiDialect;
}

export interface ProfilesState {
  profiles: ProfileView[];
  activeId: string;
  /** Plain-words problem with the profile store or keychain, if any (e.g. keychain locked). */
  warning: string | null;
}

export interface VerifyResult {
  ok: boolean;
  message: string;
  canRead: boolean;
  canTrade: boolean;
  v3: boolean;
  accounts: ExchangeAccount[];
}

export type ConnectionState = 'online' | 'degraded' | 'offline';
/** How market data reaches the app: pushed over the venue's WebSocket, polled over REST, or not at all. */
export type FeedMode = 'streaming' | 'polling' | 'offline';

/** How the profile's account data (orders, balances, fills) reaches the app: its own authenticated socket. */
export interface PrivateFeedStatus {
  /** Streaming over the live private socket, polling (documented dialect, or the socket is down) or offline
   * (the private reads fail). */
  feed: FeedMode;
  /** Epoch ms of the newest private frame or successful private read (null before any). */
  dataAt: number | null;
}

export interface AppStatus {
  profileId: string;
  connection: ConnectionState;
  /** Latency of the most recent successful request, ms. */
  latencyMs: number | null;
  budget: RateBudget | null;
  /** Plain words when not online, e.g. "Exchange unreachable, retrying in 4 s". */
  message: string | null;
  /** Streaming, polling (the documented dialect, or while the socket is down) or offline. */
  feed?: FeedMode;
  /** Epoch ms of the newest market data for this profile: last frame, emit or successful poll (null before any). */
  dataAt?: number | null;
  /** The market data shown may be out of date: not streaming, and the newest poll is a few seconds old. */
  stale?: boolean;
  /** Times the streamed book disagreed with the REST book and was resynced. */
  bookMismatches?: number;
  /** The PRIVATE feed (the fields above are the public one): the account panels judge their staleness by it. */
  account?: PrivateFeedStatus;
}

/**
 * Something the app itself has to tell the trader (the window crashed and was reloaded, paper state was reset).
 * Kept by the main process and replayed to every page that subscribes, so a reloaded page still gets it.
 */
export interface AppNotice {
  /** Unique per run; the renderer shows each id once per page session. */
  id: string;
  kind: 'info' | 'error';
  text: string;
  /** Epoch ms. */
  at: number;
}

export const themeSchema = z.enum(['dark', 'light']);
export const savedLayoutSchema = z
  .object({
    layout: z.record(z.string().max(64), z.number().finite()),
    panels: z.record(z.string().max(32), z.boolean()),
  })
  .strict();
export type SavedLayout = z.infer<typeof savedLayoutSchema>;
export const settingsSchema = z
  .object({
    theme: themeSchema,
    /** Blue/orange instead of green/red for buy/sell. */
    colorblind: z.boolean(),
    confirmOrders: z.boolean(),
    /** action id -> key chord, e.g. "openBuy" -> "b", "cancelAll" -> "Mod+Shift+X". */
    keymap: z.record(z.string().max(64), z.string().max(64)),
    /** panel id -> size (fraction or px) remembered across restarts. */
    layout: z.record(z.string().max(64), z.number().finite()),
    lastPair: pairSchema.nullable(),
    lastTimeframe: timeframeSchema,
    /** Fill and alert notifications through the OS, with or without a sound. Absent = on, silent. */
    notifications: z.object({ enabled: z.boolean(), sound: z.boolean() }).strict().optional(),
    /** panel id -> shown; a panel missing here is shown. */
    panels: z.record(z.string().max(32), z.boolean()).optional(),
    /** Named arrangements (sizes + shown panels) the trader saved; the built-in ones are not stored. */
    layouts: z.record(z.string().trim().min(1).max(40), savedLayoutSchema).optional(),
    /** The name of the arrangement last applied, for the layout menu. */
    activeLayout: z.string().max(40).optional(),
  })
  .strict();
export type Settings = z.infer<typeof settingsSchema>;

export interface AppCommand {
  action: string;
}

export interface NotifyResult {
  shown: boolean;
}

export interface UpdateCheckResult {
  /** 'unavailable' where updates cannot run (browser mode, a development build). */
  state: 'up-to-date' | 'available' | 'unavailable' | 'error';
  /** Plain words, e.g. "Version 0.2.0 is available." */
  message: string;
  version: string | null;
}

export interface CancelAllResult {
  cancelled: number[];
}

// ---------- the contract ----------

/** Phantom marker carrying a response/payload type with no runtime cost. */
function res<T>(): T {
  return undefined as T;
}

const placeOrderSchema = z
  .object({
    profileId: profileIdSchema,
    /** v1 takes limit orders only; v3 takes every type. */
    api: z.enum(['v1', 'v3']),
    pair: pairSchema,
    side: sideSchema,
    type: orderTypeSchema,
    price: decSchema.optional(),
    amount: decSchema.optional(),
    quoteAmount: decSchema.optional(),
    stopPrice: decSchema.optional(),
    stopOperator: z.enum(['GTE', 'LTE']).optional(),
    tif: tifSchema.optional(),
    accountId: z.number().int().positive().optional(),
    /** The wallet the order trades from (v3): spot (default), cross margin or isolated margin of the pair. */
    walletType: walletTypeSchema.optional(),
    /** Margin orders only: borrow the shortfall, or repay loans from the proceeds. */
    sideEffect: z.enum(['AUTO_BORROW', 'AUTO_REPAY']).optional(),
    /** Limit orders only: refused instead of taking liquidity when it would cross the book. */
    postOnly: z.boolean().optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    const needsPrice = o.type === 'LIMIT' || o.type === 'STOP_LIMIT';
    if (needsPrice && !o.price)
      ctx.addIssue({ code: 'custom', path: ['price'], message: `is required for ${o.type} orders` });
    if (!o.amount && !(o.type === 'MARKET' && o.quoteAmount))
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'is required' });
    if (o.type.startsWith('STOP') && !o.stopPrice)
      ctx.addIssue({ code: 'custom', path: ['stopPrice'], message: 'is required for stop orders' });
    if (o.api === 'v1' && o.type !== 'LIMIT')
      ctx.addIssue({ code: 'custom', path: ['type'], message: 'v1 accepts LIMIT orders only; use v3' });
    if (o.sideEffect && (o.walletType ?? 'SPOT') === 'SPOT')
      ctx.addIssue({ code: 'custom', path: ['sideEffect'], message: 'is only allowed for margin orders' });
    if (o.postOnly && o.type !== 'LIMIT' && o.type !== 'STOP_LIMIT')
      ctx.addIssue({ code: 'custom', path: ['postOnly'], message: 'is only allowed for limit orders' });
    if (o.api === 'v1' && ((o.walletType ?? 'SPOT') !== 'SPOT' || o.postOnly || o.sideEffect))
      ctx.addIssue({ code: 'custom', path: ['api'], message: 'v1 takes plain spot limit orders only; use v3' });
  });

const marginAmountSchema = z
  .object({
    profileId: profileIdSchema,
    walletType: marginWalletSchema,
    currency: currencySchema,
    pair: pairSchema.optional(),
    amount: decSchema,
    type: loanTypeSchema.optional(),
  })
  .strict()
  .refine((o) => o.walletType !== 'ISOLATED_MARGIN' || !!o.pair, {
    path: ['pair'],
    message: 'is required for isolated margin',
  });

const marginHistorySchema = z
  .object({
    profileId: profileIdSchema,
    pair: pairSchema.optional(),
    currency: currencySchema.optional(),
    ...rangeFields,
  })
  .strict()
  .refine(rangeOk, rangeIssue);

// ---------- algo orders and alerts ----------

const fraction = z.number().min(0, 'must be 0 or more').max(0.5, 'must be at most 0.5');
const durationMs = z
  .number()
  .int('must be whole milliseconds')
  .min(1_000, 'must be at least 1 s')
  .max(7 * 24 * 3_600_000, 'must be at most 7 days');

const twapSchema = z
  .object({
    type: z.literal('twap'),
    pair: pairSchema,
    side: sideSchema,
    total: decSchema,
    durationMs,
    slices: z.number().int().min(1, 'must be at least 1').max(1_000, 'must be at most 1000').optional(),
    intervalMs: z.number().int().min(500, 'must be at least 500 ms').optional(),
    priceLimit: decSchema.optional(),
    randomize: fraction.optional(),
  })
  .strict()
  .refine((d) => (d.slices === undefined) !== (d.intervalMs === undefined), {
    path: ['slices'],
    message: 'give either the number of slices or the interval',
  });

const icebergSchema = z
  .object({
    type: z.literal('iceberg'),
    pair: pairSchema,
    side: sideSchema,
    total: decSchema,
    visible: decSchema,
    price: decSchema,
    variance: fraction.optional(),
  })
  .strict();

/** A sell exit takes profit above and stops below; a buy exit the other way round. */
function checkExitLegs(
  ctx: z.RefinementCtx,
  exitSide: 'buy' | 'sell',
  tp: string,
  stop: string,
  stopLimit: string | undefined,
): void {
  const cmp = compareDec(tp, stop);
  if (exitSide === 'sell' && cmp <= 0)
    ctx.addIssue({ code: 'custom', path: ['takeProfit'], message: 'must be above the stop when selling' });
  if (exitSide === 'buy' && cmp >= 0)
    ctx.addIssue({ code: 'custom', path: ['takeProfit'], message: 'must be below the stop when buying' });
  if (stopLimit !== undefined && exitSide === 'sell' && compareDec(stopLimit, tp) >= 0)
    ctx.addIssue({ code: 'custom', path: ['stopLimit'], message: 'must be below the take-profit when selling' });
  if (stopLimit !== undefined && exitSide === 'buy' && compareDec(stopLimit, tp) <= 0)
    ctx.addIssue({ code: 'custom', path: ['stopLimit'], message: 'must be above the take-profit when buying' });
}

const ocoSchema = z
  .object({
    type: z.literal('oco'),
    pair: pairSchema,
    side: sideSchema,
    amount: decSchema,
    takeProfit: decSchema,
    stop: decSchema,
    stopLimit: decSchema.optional(),
  })
  .strict()
  .superRefine((d, ctx) => checkExitLegs(ctx, d.side, d.takeProfit, d.stop, d.stopLimit));

const bracketSchema = z
  .object({
    type: z.literal('bracket'),
    pair: pairSchema,
    side: sideSchema,
    amount: decSchema,
    entryPrice: decSchema.optional(),
    takeProfit: decSchema,
    stop: decSchema,
    stopLimit: decSchema.optional(),
  })
  .strict()
  .superRefine((d, ctx) => checkExitLegs(ctx, d.side === 'buy' ? 'sell' : 'buy', d.takeProfit, d.stop, d.stopLimit));

const trailingSchema = z
  .object({
    type: z.literal('trailing'),
    pair: pairSchema,
    side: sideSchema,
    amount: decSchema,
    distance: decSchema,
    distanceKind: z.enum(['price', 'percent']),
    fire: z.enum(['market', 'limit']),
  })
  .strict()
  .refine((d) => d.distanceKind !== 'percent' || compareDec(d.distance, '50') <= 0, {
    path: ['distance'],
    message: 'must be at most 50 percent',
  });

export const algoDefinitionSchema = z.discriminatedUnion('type', [
  twapSchema,
  icebergSchema,
  ocoSchema,
  bracketSchema,
  trailingSchema,
]);

export const alertDefinitionSchema = z
  .object({
    pair: pairSchema,
    condition: z.enum(['above', 'below', 'crossing']),
    source: z.enum(['last', 'bid', 'ask']),
    price: decSchema,
    repeat: z.boolean(),
    sound: z.boolean(),
    note: z.string().max(200, 'must be at most 200 characters').optional(),
  })
  .strict();

/** Compares two canonical positive decimal strings without floats (the schema has already checked the form). */
function compareDec(a: string, b: string): number {
  const [ai = '', af = ''] = a.split('.');
  const [bi = '', bf = ''] = b.split('.');
  if (ai.length !== bi.length) return ai.length < bi.length ? -1 : 1;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const n = Math.max(af.length, bf.length);
  const x = af.padEnd(n, '0');
  const y = bf.padEnd(n, '0');
  return x === y ? 0 : x < y ? -1 : 1;
}

const algoRef = z.object({ profileId: profileIdSchema, algoId: id }).strict();

// P&L, portfolio and export (see README "P&L, portfolio, depth and export").
export const pnlMethodSchema = z.enum(['average', 'fifo']);
export const exportKindSchema = z.enum([
  'orders',
  'trades',
  'wallet',
  'pnl',
  'margin-borrows',
  'margin-repays',
  'margin-transfers',
  'margin-interest',
  'margin-liquidations',
]);

export const contract = {
  methods: {
    'app.info': { req: empty, res: res<AppInfo>() },
    /**
     * A desktop notification through the OS (Electron's Notification in main). `shown: false` when this host
     * cannot show one (browser mode: the page uses its own Notification API instead).
     */
    'app.notify': {
      req: z
        .object({
          title: z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters'),
          body: z.string().max(500, 'must be at most 500 characters'),
          sound: z.boolean().optional(),
        })
        .strict(),
      res: res<NotifyResult>(),
    },
    /** Looks for an update now (electron-updater); asks the trader before anything is downloaded. */
    'app.checkUpdates': { req: empty, res: res<UpdateCheckResult>() },

    'accounts.list': { req: empty, res: res<ProfilesState>() },
    'accounts.add': {
      req: z
        .object({
          label: labelSchema,
          venue: z.enum(['alp', 'paper']),
          baseUrl: baseUrlSchema.optional(),
          apiKey: apiKeySchema,
          apiSecret: apiSecretSchema,
          color: colorSchema,
          dialect: dialectSchema.optional(),
        })
        .strict(),
      res: res<ProfileView>(),
    },
    'accounts.edit': {
      req: z
        .object({
          id,
          label: labelSchema.optional(),
          color: colorSchema.optional(),
          baseUrl: baseUrlSchema.optional(),
          dialect: dialectSchema.optional(),
        })
        .strict(),
      res: res<ProfileView>(),
    },
    'accounts.rotateSecret': {
      req: z.object({ id, apiKey: apiKeySchema.optional(), apiSecret: apiSecretSchema }).strict(),
      res: res<ProfileView>(),
    },
    'accounts.remove': { req: z.object({ id }).strict(), res: res<ProfilesState>() },
    'accounts.activate': { req: z.object({ id }).strict(), res: res<ProfilesState>() },
    'accounts.verify': { req: z.object({ id }).strict(), res: res<VerifyResult>() },
    'accounts.subaccounts': { req: byProfile, res: res<ExchangeAccount[]>() },

    'market.pairs': { req: byProfile, res: res<Pair[]>() },
    'market.currencies': { req: byProfile, res: res<Currency[]>() },
    'market.tickers': { req: byProfile, res: res<Ticker[]>() },
    'market.candles': {
      req: z
        .object({
          profileId: profileIdSchema,
          pair: pairSchema,
          timeframe: timeframeSchema,
          limit: z.number().int().min(1).max(100_000).optional(),
          until: z.number().int().positive().optional(),
        })
        .strict(),
      res: res<Candle[]>(),
    },
    'market.orderbook': { req: byProfilePair, res: res<OrderBook>() },
    'market.trades': {
      req: z
        .object({ profileId: profileIdSchema, pair: pairSchema, limit: z.number().int().min(1).max(1000).optional() })
        .strict(),
      res: res<PublicTrade[]>(),
    },

    'trade.balances': { req: byProfile, res: res<Balance[]>() },
    'trade.openOrders': { req: byProfileOptPair, res: res<Order[]>() },
    /** Without a range: the recent past orders; with `from`/`to`: every finished order created in it. */
    'trade.orderHistory': { req: historyByPair, res: res<Order[]>() },
    'trade.ownTrades': { req: historyByPair, res: res<OwnTrade[]>() },
    'trade.place': { req: placeOrderSchema, res: res<PlaceOrderResult>() },
    'trade.cancel': {
      req: z.object({ profileId: profileIdSchema, orderId: z.number().int().positive() }).strict(),
      res: res<null>(),
    },
    'trade.cancelAll': { req: byProfilePair, res: res<CancelAllResult>() },
    'trade.deposits': { req: byProfile, res: res<Deposit[]>() },
    'trade.withdraws': { req: byProfile, res: res<Withdraw[]>() },
    'trade.fees': { req: byProfile, res: res<FeeRule[]>() },
    'trade.walletActivity': {
      req: z
        .object({ profileId: profileIdSchema, currency: currencySchema.optional(), ...rangeFields })
        .strict()
        .refine(rangeOk, rangeIssue),
      res: res<WalletMotion[]>(),
    },

    'margin.positions': { req: byProfile, res: res<MarginPosition[]>() },
    'margin.balances': { req: byProfile, res: res<Balance[]>() },
    'margin.borrow': { req: marginAmountSchema, res: res<null>() },
    'margin.repay': { req: marginAmountSchema, res: res<null>() },
    'margin.transfer': {
      req: z
        .object({
          profileId: profileIdSchema,
          walletType: marginWalletSchema,
          direction: z.enum(['ADD', 'SUB']),
          currency: currencySchema,
          amount: decSchema,
          pair: pairSchema.optional(),
          note: z.string().max(200).optional(),
        })
        .strict()
        .refine((o) => o.walletType !== 'ISOLATED_MARGIN' || !!o.pair, {
          path: ['pair'],
          message: 'is required for isolated margin',
        }),
      res: res<null>(),
    },
    'margin.close': {
      req: z
        .object({ profileId: profileIdSchema, walletType: marginWalletSchema, pair: pairSchema.optional() })
        .strict(),
      res: res<null>(),
    },
    'margin.borrows': { req: marginHistorySchema, res: res<MarginBorrow[]>() },
    'margin.repays': { req: marginHistorySchema, res: res<MarginRepay[]>() },
    'margin.transfers': { req: marginHistorySchema, res: res<MarginTransfer[]>() },
    'margin.interest': { req: marginHistorySchema, res: res<MarginInterest[]>() },
    'margin.liquidations': { req: marginHistorySchema, res: res<MarginLiquidation[]>() },

    /** P&L per pair and for the account over a range (default: the 30 days up to now), from own trades. */
    'pnl.summary': {
      req: z
        .object({
          profileId: profileIdSchema,
          ...rangeFields,
          pair: pairSchema.optional(),
          method: pnlMethodSchema.optional(),
          currency: currencySchema.optional(),
        })
        .strict()
        .refine(rangeOk, rangeIssue),
      res: res<AccountPnl>(),
    },
    /** What the spot wallets are worth now in `currency` (default USD). */
    'pnl.portfolio': {
      req: z.object({ profileId: profileIdSchema, currency: currencySchema.optional() }).strict(),
      res: res<PortfolioValue>(),
    },
    /** The account's value over a range, sampled at `points` evenly spaced times. */
    'pnl.history': {
      req: z
        .object({
          profileId: profileIdSchema,
          ...rangeFields,
          currency: currencySchema.optional(),
          points: z.number().int().min(2).max(1000).optional(),
        })
        .strict()
        .refine(rangeOk, rangeIssue),
      res: res<ValuePoint[]>(),
    },
    /** A CSV export: written by main to a file picked in a save dialog (Electron), or returned for a download. */
    'export.csv': {
      req: z
        .object({
          profileId: profileIdSchema,
          kind: exportKindSchema,
          ...rangeFields,
          pair: pairSchema.optional(),
          currency: currencySchema.optional(),
          method: pnlMethodSchema.optional(),
          destination: z.enum(['file', 'download']),
        })
        .strict()
        .refine(rangeOk, rangeIssue),
      res: res<ExportResult>(),
    },

    'settings.get': { req: empty, res: res<Settings>() },
    'settings.update': { req: settingsSchema.partial().strict(), res: res<Settings>() },

    'diagnostics.traces': { req: byProfile, res: res<RequestTrace[]>() },

    'algos.list': { req: byProfile, res: res<AlgoView[]>() },
    'algos.create': {
      req: z.object({ profileId: profileIdSchema, definition: algoDefinitionSchema }).strict(),
      res: res<AlgoView>(),
    },
    'algos.pause': { req: algoRef, res: res<AlgoView>() },
    'algos.resume': { req: algoRef, res: res<AlgoView>() },
    /** Cancels the algo and its open children; the view's notes say what filled. */
    'algos.cancel': { req: algoRef, res: res<AlgoView>() },
    /** Forgets a finished (done, cancelled, failed) algo. */
    'algos.remove': { req: algoRef, res: res<null>() },

    'alerts.list': { req: byProfile, res: res<AlertView[]>() },
    'alerts.create': {
      req: z.object({ profileId: profileIdSchema, alert: alertDefinitionSchema }).strict(),
      res: res<AlertView>(),
    },
    'alerts.remove': { req: z.object({ profileId: profileIdSchema, alertId: id }).strict(), res: res<null>() },
  },

  events: {
    'market.tickers': { params: byProfile, payload: res<Ticker[]>() },
    'market.book': { params: byProfilePair, payload: res<OrderBook>() },
    'market.trades': { params: byProfilePair, payload: res<PublicTrade[]>() },
    /** The most recent candles (at least the last two), so the live candle updates in place. */
    'market.candles': {
      params: z.object({ profileId: profileIdSchema, pair: pairSchema, timeframe: timeframeSchema }).strict(),
      payload: res<Candle[]>(),
    },
    'account.orders': { params: byProfile, payload: res<Order[]>() },
    'account.balances': { params: byProfile, payload: res<Balance[]>() },
    /** New fills of the account's orders, as they are discovered. */
    'account.fills': { params: byProfile, payload: res<OwnTrade[]>() },
    'app.status': { params: byProfile, payload: res<AppStatus>() },
    'accounts.changed': { params: empty, payload: res<ProfilesState>() },
    /** Every algo of the profile, each time one changes. */
    'algos.changed': { params: byProfile, payload: res<AlgoView[]>() },
    'alerts.changed': { params: byProfile, payload: res<AlertView[]>() },
    /** Notifications that need the trader; the renderer shows them (and an OS notification where there is one). */
    'app.notifications': { params: empty, payload: res<AppNotification>() },
    /** Every app notice of this run, oldest first (the whole list each time one is added). */
    'app.notices': { params: empty, payload: res<AppNotice[]>() },
    /** An app action chosen outside the page (the application menu): the renderer runs the action with this id. */
    'app.command': { params: empty, payload: res<AppCommand>() },
  },
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract['methods'];
export type EventName = keyof Contract['events'];
/** What the renderer passes (schema input). */
export type RequestOf<M extends MethodName> = z.input<Contract['methods'][M]['req']>;
/** What a handler receives after validation (schema output). */
export type ParsedRequestOf<M extends MethodName> = z.output<Contract['methods'][M]['req']>;
export type ResponseOf<M extends MethodName> = Contract['methods'][M]['res'];
export type EventParamsOf<E extends EventName> = z.input<Contract['events'][E]['params']>;
export type ParsedEventParamsOf<E extends EventName> = z.output<Contract['events'][E]['params']>;
export type EventPayloadOf<E extends EventName> = Contract['events'][E]['payload'];

export const methodNames = Object.keys(contract.methods) as MethodName[];
export const eventNames = Object.keys(contract.events) as EventName[];

// ---------- errors and envelopes ----------

export type BridgeErrorCode =
  | 'validation'
  | 'unknown_method'
  | 'forbidden'
  | 'not_found'
  | 'keychain'
  | 'network'
  | 'timeout'
  | 'auth'
  | 'nonce'
  | 'rate_limit'
  | 'rejected'
  | 'malformed'
  | 'unsupported'
  | 'internal';

export interface BridgeErrorInfo {
  code: BridgeErrorCode;
  /** Plain words for a trader, including what to do. */
  message: string;
  /** The offending request field, for validation errors (e.g. "price"). */
  field?: string;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: BridgeErrorInfo };

// Channels live in ./channels (zod-free, so the sandboxed preload stays small).
export { channels } from './channels';

export interface SubscribeMessage {
  subId: number;
  stream: string;
  params: unknown;
}

export interface EventMessage {
  subId: number;
  payload: unknown;
}

// ---------- the renderer-facing API (window.alp) ----------

/**
 * What preload (Electron) and the browser-mode bridge both expose as `window.alp`. Results come back as
 * envelopes rather than thrown errors: errors thrown across contextBridge lose their fields, data does not.
 * The renderer's `renderer/src/bridge.ts` unwraps them into typed exceptions.
 */
export interface AlpBridge {
  call<M extends MethodName>(method: M, request: RequestOf<M>): Promise<Envelope<ResponseOf<M>>>;
  /** Starts receiving a stream; returns the function that stops it. `onError` hears a refused subscription. */
  subscribe<E extends EventName>(
    stream: E,
    params: EventParamsOf<E>,
    listener: (payload: EventPayloadOf<E>) => void,
    onError?: (error: BridgeErrorInfo) => void,
  ): () => void;
}

/** The message-level transport under an AlpBridge: Electron IPC or the loopback WebSocket. */
export interface BridgeTransport {
  call(method: string, request: unknown): Promise<Envelope<unknown>>;
  subscribe(message: SubscribeMessage): Promise<Envelope<null>>;
  unsubscribe(subId: number): void;
  onEvent(listener: (message: EventMessage) => void): void;
}
