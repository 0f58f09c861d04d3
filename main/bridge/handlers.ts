import type { AppInfo } from '../../preload/contract';
import type { Order, PlaceOrderResult } from '../../preload/domain';
import type { SettleHint } from '../account-feed/settle';
import type { ProfileManager } from '../accounts/types';
import { type DesktopServices, NO_DESKTOP_UPDATES } from '../app/desktop';
import type { SettingsStore } from '../settings/settings-store';
import type { Handlers } from './dispatch';
import { type AlgoHandlerDeps, createAlgoHandlers } from './handlers-algos';
import { createPnlHandlers, type PnlHandlerDeps } from './handlers-pnl';

export interface HandlerDeps {
  info: AppInfo;
  profiles: ProfileManager;
  settings: SettingsStore;
  /** Called after the trader changed orders or balances, so the account streams refresh at once. */
  afterAccountChange?: (profileId: string) => void;
  /** Called after a profile was edited, re-keyed or removed, so nothing keeps running on what it was. */
  afterProfileChange?: (profileId: string) => void;
  /** Turns "created" into the order's real state (resting, partly filled, filled, killed) from the stream or a read. */
  settleOrder?: (profileId: string, result: PlaceOrderResult, hint: SettleHint) => Promise<PlaceOrderResult>;
  /** Algo engines and price alerts (absent: their methods answer 'unsupported'). */
  algos?: AlgoHandlerDeps;
  /** Electron's save dialog for CSV exports (absent in browser mode). */
  saveFile?: PnlHandlerDeps['saveFile'];
  /** OS notifications and updates; absent in browser mode. */
  desktop?: DesktopServices;
}

const OPEN_STATUSES = new Set<Order['status']>(['PENDING', 'OPEN', 'PARTIAL_FILLED']);

/**
 * The bridge's implementation: each contract method mapped to the service that does the work. Every private
 * call names its profile, so a result always belongs to the profile that asked, whatever is active by then.
 */
export function createHandlers({
  info,
  profiles,
  settings,
  afterAccountChange,
  afterProfileChange,
  settleOrder,
  saveFile,
  desktop,
  algos,
}: HandlerDeps): Handlers {
  const client = (profileId: string) => profiles.client(profileId);
  /** Runs an action that changes the account, then nudges its streams (also after a failure: state may have moved). */
  const changing = async <T>(profileId: string, action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } finally {
      afterAccountChange?.(profileId);
    }
  };
  /** Runs a profile edit, then says so (also after a failure: a half-done rotation may have changed the secret). */
  const profileChanging = async <T>(profileId: string, action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } finally {
      afterProfileChange?.(profileId);
    }
  };
  return {
    ...createAlgoHandlers(algos),
    'app.info': async () => info,
    'app.notify': async (n) => desktop?.notify(n) ?? { shown: false },
    'app.checkUpdates': async () => (desktop ? desktop.checkUpdates() : NO_DESKTOP_UPDATES),

    'accounts.list': async () => profiles.state(),
    'accounts.add': (r) => profiles.add(r),
    'accounts.edit': ({ id, ...patch }) => profileChanging(id, () => profiles.edit(id, patch)),
    'accounts.rotateSecret': ({ id, ...next }) => profileChanging(id, () => profiles.rotateSecret(id, next)),
    'accounts.remove': ({ id }) => profileChanging(id, () => profiles.remove(id)),
    'accounts.activate': ({ id }) => profiles.activate(id),
    'accounts.verify': ({ id }) => profiles.verify(id),
    'accounts.subaccounts': ({ profileId }) => profiles.subaccounts(profileId),

    'market.pairs': ({ profileId }) => client(profileId).pairs(),
    'market.currencies': ({ profileId }) => client(profileId).currencies(),
    'market.tickers': ({ profileId }) => client(profileId).tickers(),
    'market.candles': ({ profileId, ...q }) => client(profileId).candles(q),
    'market.orderbook': ({ profileId, pair }) => client(profileId).orderbook({ pair }),
    'market.trades': ({ profileId, pair, limit }) => client(profileId).publicTrades({ pair, limit: limit ?? 100 }),

    'trade.balances': ({ profileId }) => client(profileId).wallets(),
    // v3 order reads in both dialects: they carry type, stop price/operator, tif and wallet (v1 reads do not).
    'trade.openOrders': ({ profileId, pair }) =>
      client(profileId).ordersV3({ openOnly: true, ...(pair ? { pair } : {}) }),
    // A range reads v3 history over any length (in the exchange's 30-day windows); without one, the last 30 days.
    'trade.orderHistory': async ({ profileId, pair, from, to }) =>
      (
        await client(profileId).ordersV3({
          ...(pair ? { pair } : {}),
          ...(from !== undefined ? { from } : {}),
          ...(to !== undefined ? { to } : {}),
        })
      )
        .filter((o) => !OPEN_STATUSES.has(o.status))
        .sort((a, b) => (b.doneAt ?? b.updatedAt ?? b.createdAt) - (a.doneAt ?? a.updatedAt ?? a.createdAt)),
    'trade.ownTrades': ({ profileId, pair, from, to }) => client(profileId).accountTrades({ pair, from, to }),
    'trade.place': ({ profileId, api, ...o }) =>
      changing(profileId, async () => {
        const placed =
          api === 'v1' && o.price && o.amount
            ? await client(profileId).createOrder({ pair: o.pair, side: o.side, price: o.price, amount: o.amount })
            : await client(profileId).placeOrderV3(o);
        return settleOrder
          ? settleOrder(profileId, placed, { pair: o.pair, type: o.type, tif: o.tif ?? (api === 'v1' ? 'GTC' : null) })
          : placed;
      }),
    'trade.cancel': ({ profileId, orderId }) =>
      changing(profileId, async () => {
        await client(profileId).cancelOrder(orderId);
        return null;
      }),
    'trade.cancelAll': ({ profileId, pair }) =>
      changing(profileId, async () => ({ cancelled: await client(profileId).cancelOrdersV3({ all: true, pair }) })),
    'trade.deposits': ({ profileId }) => client(profileId).deposits(),
    'trade.withdraws': ({ profileId }) => client(profileId).withdraws(),
    'trade.fees': ({ profileId }) => client(profileId).feeInfo(),
    'trade.walletActivity': ({ profileId, currency, from, to }) =>
      client(profileId).walletActivity({ currency, from, to }),

    'margin.positions': ({ profileId }) => client(profileId).marginPositions({ isolated: true, cross: true }),
    'margin.balances': async ({ profileId }) =>
      (await client(profileId).accountBalances()).filter((b) => b.walletType !== 'SPOT'),
    'margin.borrow': ({ profileId, type, ...r }) =>
      changing(profileId, async () => {
        await client(profileId).borrow({ ...r, type: type ?? 'LOAN_MANUAL' });
        return null;
      }),
    'margin.repay': ({ profileId, type, ...r }) =>
      changing(profileId, async () => {
        await client(profileId).repay({ ...r, type: type ?? 'LOAN_MANUAL' });
        return null;
      }),
    'margin.transfer': ({ profileId, ...r }) =>
      changing(profileId, async () => {
        await client(profileId).transfer(r);
        return null;
      }),
    // Closing returns funds to spot: the balances stream is read again at once.
    'margin.close': ({ profileId, ...r }) =>
      changing(profileId, async () => {
        await client(profileId).closeMargin(r);
        return null;
      }),
    'margin.borrows': ({ profileId, ...q }) => client(profileId).marginBorrows(q),
    'margin.repays': ({ profileId, ...q }) => client(profileId).marginRepays(q),
    'margin.transfers': ({ profileId, ...q }) => client(profileId).marginTransfers(q),
    'margin.interest': ({ profileId, ...q }) => client(profileId).marginInterest(q),
    'margin.liquidations': ({ profileId, ...q }) => client(profileId).marginLiquidations(q),

    ...createPnlHandlers({ profiles, ...(saveFile ? { saveFile } : {}) }),

    'settings.get': async () => settings.get(),
    'settings.update': (patch) => settings.update(patch),

    'diagnostics.traces': async ({ profileId }) => client(profileId).traces(),
  };
}
