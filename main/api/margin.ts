/**
 * Margin: positions, transfer/borrow/repay/close, and their histories. The paths are the same in both dialects;
 * on today's venue margin is optional (dropped from the docs in 2026), so in the current dialect a 404 or a
 * refusal of a margin call becomes `unsupported` saying the venue does not offer margin through its API.
 */
import { LosslessNumber } from 'lossless-json';
import { type ApiDialect, NO_MARGIN_MESSAGE } from '../../preload/domain';
import type { AccountReads } from './account-reads';
import { ApiError } from './errors';
import { type Query, v3Get, v3Write, validationError } from './operations';
import type { OrderDesk } from './orders';
import { PATHS } from './paths';
import type { RequestPipeline } from './pipeline';
import { PRIORITY } from './rate-limiter';
import type { BorrowRequest, CloseMarginRequest, MarginHistoryQuery, RepayRequest, TransferRequest } from './types';
import * as v3 from './wire/v3';

export { NO_MARGIN_MESSAGE };

function num(s: string): LosslessNumber {
  return new LosslessNumber(s);
}

export class MarginDesk {
  constructor(
    private readonly pipe: RequestPipeline,
    private readonly dialect: ApiDialect,
    private readonly reads: AccountReads,
    private readonly orders: OrderDesk,
  ) {}

  /** On today's venue a missing or refused margin endpoint means "no margin here", said once and plainly. */
  private async optional<T>(operation: string, run: () => Promise<T>): Promise<T> {
    if (this.dialect === 'documented') return run();
    try {
      return await run();
    } catch (e) {
      if (
        e instanceof ApiError &&
        (e.status === 404 || e.status === 405 || e.kind === 'unsupported' || e.status === 403)
      ) {
        throw new ApiError({
          kind: 'unsupported',
          operation,
          status: e.status,
          message: NO_MARGIN_MESSAGE,
          ...(e.exchangeMessage !== undefined ? { exchangeMessage: e.exchangeMessage } : {}),
        });
      }
      throw e;
    }
  }

  async marginPositions(q: { isolated?: boolean; cross?: boolean }) {
    const op = 'margin';
    if (!q.isolated && !q.cross)
      throw validationError(op, 'Ask for isolated or cross margin positions (or both).', 'isolated');
    if (this.dialect === 'current') {
      // Today's exchange takes exactly one of the two flags per call.
      const parts = [];
      if (q.isolated) parts.push(await this.positions(op, { isolated_margin: 'true' }));
      if (q.cross) parts.push(await this.positions(op, { cross_margin: 'true' }));
      return parts.flat();
    }
    return this.positions(op, {
      isolated_margin: q.isolated ? 'true' : undefined,
      cross_margin: q.cross ? 'true' : undefined,
    });
  }

  private positions(op: string, query: Query) {
    return this.optional(op, () =>
      this.pipe.list(v3Get(op, PATHS.margin, query), v3.marginPositionSchema, 'positions'),
    );
  }

  private walletCheck(op: string, walletType: string, pair: string | undefined) {
    if (walletType !== 'ISOLATED_MARGIN' && walletType !== 'CROSS_MARGIN') {
      throw validationError(
        op,
        `Wallet type must be ISOLATED_MARGIN or CROSS_MARGIN (got ${walletType}).`,
        'walletType',
      );
    }
    if (walletType === 'ISOLATED_MARGIN' && !pair) throw validationError(op, 'Isolated margin needs the pair.', 'pair');
  }

  async closeMargin(q: CloseMarginRequest): Promise<void> {
    const op = 'close margin';
    this.walletCheck(op, q.walletType, q.pair);
    await this.optional(op, () =>
      this.pipe.execute(
        v3Write(op, 'DELETE', PATHS.margin, { pair: q.pair ?? '', wallet_type: q.walletType }, PRIORITY.create),
      ),
    );
  }

  private historyQuery(q?: MarginHistoryQuery, withOpenOnly = false): Query {
    return { pair: q?.pair, currency: q?.currency, open_only: withOpenOnly && q?.openOnly ? 'true' : undefined };
  }

  async marginBorrows(q?: MarginHistoryQuery) {
    const op = 'margin/borrow';
    return this.optional(op, () =>
      this.reads.history(
        op,
        PATHS.marginBorrow,
        q ?? {},
        this.historyQuery(q, true),
        v3.marginBorrowSchema,
        'borrows',
        (b) => b.time,
      ),
    );
  }

  async borrow(r: BorrowRequest): Promise<void> {
    const op = 'borrow';
    this.walletCheck(op, r.walletType, r.pair);
    const amount = this.orders.amountArg(op, r.amount);
    const body = {
      currency: r.currency,
      pair: r.pair ?? '',
      wallet_type: r.walletType,
      type: r.type,
      borrow: num(amount),
    };
    await this.optional(op, () => this.pipe.execute(v3Write(op, 'POST', PATHS.marginBorrow, body, PRIORITY.create)));
  }

  async marginTransfers(q?: MarginHistoryQuery) {
    const op = 'margin/transfer';
    return this.optional(op, () =>
      this.reads.history(
        op,
        PATHS.marginTransfer,
        q ?? {},
        this.historyQuery(q),
        v3.marginTransferSchema,
        'transfers',
        (t) => t.time,
      ),
    );
  }

  async transfer(r: TransferRequest): Promise<void> {
    const op = 'transfer';
    this.walletCheck(op, r.walletType, r.pair);
    if (r.direction !== 'ADD' && r.direction !== 'SUB')
      throw validationError(op, 'Direction must be ADD or SUB.', 'direction');
    const amount = this.orders.amountArg(op, r.amount);
    const body = {
      wallet_type: r.walletType,
      direction: r.direction,
      currency: r.currency,
      amount: num(amount),
      pair: r.pair ?? '',
      note: r.note ?? '',
    };
    await this.optional(op, () => this.pipe.execute(v3Write(op, 'POST', PATHS.marginTransfer, body, PRIORITY.create)));
  }

  async marginRepays(q?: MarginHistoryQuery) {
    const op = 'margin/repay';
    return this.optional(op, () =>
      this.reads.history(
        op,
        PATHS.marginRepay,
        q ?? {},
        this.historyQuery(q),
        v3.marginRepaySchema,
        'repays',
        (r) => r.time,
      ),
    );
  }

  async repay(r: RepayRequest): Promise<void> {
    const op = 'repay';
    this.walletCheck(op, r.walletType, r.pair);
    const amount = this.orders.amountArg(op, r.amount);
    const body = {
      wallet_type: r.walletType,
      type: r.type,
      currency: r.currency,
      amount: num(amount),
      pair: r.pair ?? '',
    };
    await this.optional(op, () => this.pipe.execute(v3Write(op, 'POST', PATHS.marginRepay, body, PRIORITY.create)));
  }

  async marginInterest(q?: MarginHistoryQuery) {
    const op = 'margin/interest';
    return this.optional(op, () =>
      this.reads.history(
        op,
        PATHS.marginInterest,
        q ?? {},
        this.historyQuery(q),
        v3.marginInterestSchema,
        'interest',
        (i) => i.time,
      ),
    );
  }

  async marginLiquidations(q?: MarginHistoryQuery) {
    const op = 'margin/liquidation';
    return this.optional(op, () =>
      this.reads.history(
        op,
        PATHS.marginLiquidation,
        q ?? {},
        this.historyQuery(q, true),
        v3.marginLiquidationSchema,
        'liquidations',
        (l) => l.createdAt,
      ),
    );
  }
}
