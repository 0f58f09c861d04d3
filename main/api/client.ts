/**
 * The ALP API client's front door: one typed method per operation, each delegated to the module that does the
 * job — `pipeline.ts` (pace, authenticate, send, retry, trace), `public-data.ts` (market data), `account-reads.ts`
 * (the account's own data), `orders.ts` (placement, cancelling, reconciliation), `margin.ts`. The profile's API
 * dialect picks the paths (`paths.ts`) and the operations offered (`operations.ts`): an operation the dialect
 * lacks fails `unsupported` before the wire.
 */
import type { ApiDialect, PlaceOrderResult, RateBudget, RequestTrace } from '../../preload/domain';
import { AccountReads } from './account-reads';
import { ApiError } from './errors';
import { MarginDesk } from './margin';
import { type OperationName, requireOperation, unsupportedReason } from './operations';
import { OrderDesk } from './orders';
import { KnownOrders } from './orders-known';
import { RequestPipeline } from './pipeline';
import { PublicData } from './public-data';
import { streamUrlFor } from './ws/socket';
import type {
  AccountTradesQuery,
  AlpClient,
  AlpClientDeps,
  BorrowRequest,
  CancelOrdersV3Request,
  CandlesQuery,
  CloseMarginRequest,
  LimitOrderRequest,
  MarginHistoryQuery,
  OrderRequestV3,
  OrderbookQuery,
  OrdersV3Query,
  OwnOrdersQuery,
  OwnTradesQuery,
  PublicTradesQuery,
  RepayRequest,
  TransferRequest,
  WalletActivityQuery,
  WithdrawsQuery,
} from './types';

export { RETRY } from './pipeline';
export { RECONCILE_SETTLE_MS } from './orders';

export class AlpHttpClient implements AlpClient {
  readonly dialect: ApiDialect;
  readonly streamUrl: string | null;
  private readonly pipe: RequestPipeline;
  private readonly market: PublicData;
  private readonly reads: AccountReads;
  private readonly orders: OrderDesk;
  private readonly marginDesk: MarginDesk;

  constructor(deps: AlpClientDeps) {
    this.dialect = deps.dialect ?? 'documented';
    this.streamUrl = this.dialect === 'current' ? (deps.streamUrl ?? streamUrlFor(deps.baseUrl)) : null;
    this.pipe = new RequestPipeline(deps);
    const known = new KnownOrders();
    this.market = new PublicData(this.pipe, this.dialect);
    this.reads = new AccountReads(this.pipe, this.dialect, known);
    this.orders = new OrderDesk(this.pipe, this.dialect, this.market, this.reads, known);
    this.marginDesk = new MarginDesk(this.pipe, this.dialect, this.reads, this.orders);
  }

  supports(operation: OperationName): string | null {
    return unsupportedReason(this.dialect, operation);
  }

  /** Fails `unsupported` (as a rejected promise, before the wire) when the dialect lacks the operation. */
  private async offered(operation: OperationName): Promise<void> {
    requireOperation(this.dialect, operation);
  }

  // public
  async currencies() {
    await this.offered('currencies');
    return this.market.currencies();
  }
  async pairs(q?: { currency1?: string; currency2?: string }) {
    await this.offered('pairs');
    return this.market.pairs(q);
  }
  async tickers(q?: { pair?: string }) {
    await this.offered('tickers');
    return this.market.tickers(q);
  }
  async candles(q: CandlesQuery) {
    await this.offered('candles');
    return this.market.candles(q);
  }
  async orderbook(q: OrderbookQuery) {
    await this.offered('orderbook');
    return this.market.orderbook(q);
  }
  async publicTrades(q?: PublicTradesQuery) {
    await this.offered('publicTrades');
    return this.market.publicTrades(q);
  }
  async order(id: number) {
    await this.offered('order');
    if (this.dialect === 'current') {
      // No public single-order read today: find it among the account's recent orders.
      const found = (await this.reads.ordersV3({})).find((o) => o.id === id);
      if (found) return found;
      throw new ApiError({
        kind: 'rejected',
        operation: 'order',
        message: `order: order ${id} not found among recent orders`,
      });
    }
    return this.market.order(id);
  }

  // the account's own data
  async wallets(q?: { currencyId?: string }) {
    await this.offered('wallets');
    return this.reads.wallets(q);
  }
  async ownOrders(q?: OwnOrdersQuery) {
    await this.offered('ownOrders');
    return this.reads.ownOrders(q);
  }
  async ownTrades(q?: OwnTradesQuery) {
    await this.offered('ownTrades');
    return this.reads.ownTrades(q);
  }
  async deposits() {
    await this.offered('deposits');
    return this.reads.deposits();
  }
  async withdraws(q?: WithdrawsQuery) {
    await this.offered('withdraws');
    return this.reads.withdraws(q);
  }
  async feeInfo() {
    await this.offered('feeInfo');
    return this.reads.feeInfo();
  }
  async ordersV3(q?: OrdersV3Query) {
    await this.offered('ordersV3');
    return this.reads.ordersV3(q);
  }
  async accounts(q?: { includeSubaccounts?: boolean }) {
    await this.offered('accounts');
    return this.reads.accounts(q);
  }
  async accountTrades(q?: AccountTradesQuery) {
    await this.offered('accountTrades');
    return this.reads.accountTrades(q);
  }
  async accountBalances() {
    await this.offered('accountBalances');
    return this.reads.accountBalances();
  }
  async walletActivity(q?: WalletActivityQuery) {
    await this.offered('walletActivity');
    return this.reads.walletActivity(q);
  }

  // orders
  async createOrder(o: LimitOrderRequest): Promise<PlaceOrderResult> {
    await this.offered('createOrder');
    return this.orders.createOrder(o);
  }
  async cancelOrder(id: number) {
    await this.offered('cancelOrder');
    return this.orders.cancelOrder(id);
  }
  async placeOrderV3(o: OrderRequestV3): Promise<PlaceOrderResult> {
    await this.offered('placeOrderV3');
    return this.orders.placeOrderV3(o);
  }
  async cancelOrdersV3(q: CancelOrdersV3Request) {
    await this.offered('cancelOrdersV3');
    return this.orders.cancelOrdersV3(q);
  }

  // margin
  async marginPositions(q: { isolated?: boolean; cross?: boolean }) {
    await this.offered('marginPositions');
    return this.marginDesk.marginPositions(q);
  }
  async closeMargin(q: CloseMarginRequest) {
    await this.offered('closeMargin');
    return this.marginDesk.closeMargin(q);
  }
  async marginBorrows(q?: MarginHistoryQuery) {
    await this.offered('marginBorrows');
    return this.marginDesk.marginBorrows(q);
  }
  async borrow(r: BorrowRequest) {
    await this.offered('borrow');
    return this.marginDesk.borrow(r);
  }
  async marginTransfers(q?: MarginHistoryQuery) {
    await this.offered('marginTransfers');
    return this.marginDesk.marginTransfers(q);
  }
  async transfer(r: TransferRequest) {
    await this.offered('transfer');
    return this.marginDesk.transfer(r);
  }
  async marginRepays(q?: MarginHistoryQuery) {
    await this.offered('marginRepays');
    return this.marginDesk.marginRepays(q);
  }
  async repay(r: RepayRequest) {
    await this.offered('repay');
    return this.marginDesk.repay(r);
  }
  async marginInterest(q?: MarginHistoryQuery) {
    await this.offered('marginInterest');
    return this.marginDesk.marginInterest(q);
  }
  async marginLiquidations(q?: MarginHistoryQuery) {
    await this.offered('marginLiquidations');
    return this.marginDesk.marginLiquidations(q);
  }

  /** Deposit addresses and withdrawals: not offered in either dialect ("coming soon" / absent today). */
  async walletAddresses(): Promise<never> {
    requireOperation(this.dialect, 'walletAddresses');
    throw new Error('unreachable: walletAddresses is unsupported in every dialect');
  }
  async withdraw(): Promise<never> {
    requireOperation(this.dialect, 'withdraw');
    throw new Error('unreachable: withdraw is unsupported in every dialect');
  }

  // streaming support and observability
  async streamToken(): Promise<string> {
    return this.pipe.token('stream auth');
  }
  traces(): RequestTrace[] {
    return this.pipe.traces();
  }
  privateBudget(): RateBudget {
    return this.pipe.privateBudget();
  }
  onTrace(listener: (t: RequestTrace) => void): () => void {
    return this.pipe.onTrace(listener);
  }
}

export function createAlpClient(deps: AlpClientDeps): AlpClient {
  return new AlpHttpClient(deps);
}
