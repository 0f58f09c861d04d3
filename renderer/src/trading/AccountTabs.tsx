/**
 * The account tabs under the chart: open orders (live; cancel one with Delete or its button, cancel all of the
 * pair with Mod+Shift+X after a confirmation), order history, own trades (refreshed on each new fill), balances
 * (live), deposits and withdrawals with their statuses, and the fee schedule. Fill and cancel notifications are
 * raised here, so they appear whatever tab is shown.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Order, OwnTrade, WalletMotion } from '../../../preload/domain';
import { call, subscribe } from '../bridge';
import { SUBACCOUNT_BALANCES_NOTE, tradingAccount } from '../accounts/trading-account';
import { notifyOs } from '../shell/os-notify';
import type { FreshnessSource } from '../shell/panel-freshness';
import { StaleTag } from '../shell/StaleTag';
import { registerActions } from '../state/actions';
import { notify, pairs, profileId, selectedPair } from '../state/store';
import { Confirm } from './Confirm';
import { fillMessage, orderWords } from './fills';
import { DateRange, useHistoryRange } from './DateRange';
import { Balances, Fees, Funding, OrderHistory, OwnTrades, Status, WalletActivity } from './HistoryTables';
import { PnlPanel } from '../pnl';
import { OpenOrders } from './OpenOrders';
import { useAccountStream, useProfileCall } from './use-account';
import { useRangedHistory } from './use-ranged-history';
import './trading.css';

const TABS = [
  { id: 'orders', label: 'Open orders' },
  { id: 'history', label: 'Order history' },
  { id: 'trades', label: 'Own trades' },
  { id: 'activity', label: 'Wallet activity' },
  { id: 'balances', label: 'Balances' },
  { id: 'funding', label: 'Deposits & withdrawals' },
  { id: 'fees', label: 'Fees' },
  { id: 'pnl', label: 'P&L' },
] as const;
type TabId = (typeof TABS)[number]['id'];

function fillIdentity(f: OwnTrade): string {
  return f.id !== null ? `#${f.id}` : `${f.pair}|${f.side}|${f.time}|${f.price}|${f.amount}|${f.fee}`;
}

export function AccountTabs() {
  const pid = profileId.value;
  const [tab, setTab] = useState<TabId>('orders');
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [cancelling, setCancelling] = useState<ReadonlySet<number>>(new Set());
  const [confirmAll, setConfirmAll] = useState<string | null>(null);
  const [fillsSeen, setFillsSeen] = useState(0);
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});

  const sub = tradingAccount.value;
  const orders = useAccountStream('account.orders', pid);
  const balances = useAccountStream('account.balances', pid);
  // The live lists (open orders, balances): when either last arrived, for the panel's stale tag.
  const fresh = useRef<FreshnessSource>({ at: null });
  useEffect(() => {
    fresh.current.at = orders === null && balances === null ? null : Date.now();
  }, [orders, balances]);

  // Fill notifications. The hub replays the last batch to a late subscriber, so fills are de-duplicated here.
  useEffect(() => {
    if (!pid) return;
    const seen = new Set<string>();
    return subscribe('account.fills', { profileId: pid }, (fills) => {
      if (profileId.peek() !== pid) return;
      let fresh = 0;
      for (const f of fills) {
        const key = fillIdentity(f);
        if (seen.has(key)) continue;
        seen.add(key);
        fresh++;
        const text = fillMessage(
          f,
          pairs.peek().find((p) => p.name === f.pair),
        );
        notify('success', text);
        void notifyOs('Order filled', text);
      }
      if (fresh > 0) setFillsSeen((n) => n + 1);
    });
  }, [pid]);

  // History tabs take a date range each, loaded in the exchange's 30-day windows, newest first.
  const historyRange = useHistoryRange();
  const tradesRange = useHistoryRange();
  const activityRange = useHistoryRange();
  const history = useRangedHistory<Order>({
    pid,
    enabled: tab === 'history',
    range: historyRange.range,
    fetch: (id, w) => call('trade.orderHistory', { profileId: id, from: w.from, to: w.to }),
    timeOf: (o) => o.createdAt,
    keyOf: (o) => String(o.id),
    refreshKey: orders,
  });
  const trades = useRangedHistory<OwnTrade>({
    pid,
    enabled: tab === 'trades',
    range: tradesRange.range,
    fetch: (id, w) => call('trade.ownTrades', { profileId: id, from: w.from, to: w.to }),
    timeOf: (t) => t.time,
    keyOf: fillIdentity,
    refreshKey: fillsSeen,
  });
  const activity = useRangedHistory<WalletMotion>({
    pid,
    enabled: tab === 'activity',
    range: activityRange.range,
    fetch: (id, w) => call('trade.walletActivity', { profileId: id, from: w.from, to: w.to }),
    timeOf: (m) => m.time,
    keyOf: (m) => String(m.id),
    refreshKey: balances,
  });
  const deposits = useProfileCall('trade.deposits', pid, (id) => ({ profileId: id }), [], tab === 'funding');
  const withdraws = useProfileCall('trade.withdraws', pid, (id) => ({ profileId: id }), [], tab === 'funding');
  const fees = useProfileCall('trade.fees', pid, (id) => ({ profileId: id }), [], tab === 'fees');

  const cancel = useCallback(
    async (o: Order) => {
      if (!pid) return;
      setCancelling((s) => new Set(s).add(o.id));
      try {
        await call('trade.cancel', { profileId: pid, orderId: o.id });
        if (profileId.peek() === pid)
          notify(
            'success',
            `Cancelled ${orderWords(
              o,
              pairs.peek().find((p) => p.name === o.pair),
            )}`,
          );
      } catch (e) {
        if (profileId.peek() === pid) notify('error', `Order #${o.id} was not cancelled: ${(e as Error).message}`);
      } finally {
        setCancelling((s) => {
          const next = new Set(s);
          next.delete(o.id);
          return next;
        });
      }
    },
    [pid],
  );

  const cancelAll = async (pair: string) => {
    setConfirmAll(null);
    if (!pid) return;
    try {
      const r = await call('trade.cancelAll', { profileId: pid, pair });
      if (profileId.peek() !== pid) return;
      const n = r.cancelled.length;
      notify(
        n > 0 ? 'success' : 'info',
        n > 0
          ? `Cancelled ${n} order${n === 1 ? '' : 's'} of ${pair.replace('_', '/')}`
          : `No open orders of ${pair.replace('_', '/')} to cancel`,
      );
    } catch (e) {
      if (profileId.peek() === pid)
        notify('error', `Orders of ${pair.replace('_', '/')} were not cancelled: ${(e as Error).message}`);
    }
  };

  // The actions read the latest state through a ref, so they are registered once.
  const live = useRef({ orders, selectedId, cancel });
  live.current = { orders, selectedId, cancel };
  useEffect(
    () =>
      registerActions([
        {
          id: 'orders.focus',
          title: 'Open orders: show and focus the list',
          defaultKey: 'o',
          run: () => {
            setTab('orders');
            queueMicrotask(() => document.querySelector<HTMLElement>('[data-orders-list]')?.focus());
          },
        },
        {
          id: 'orders.cancelSelected',
          title: 'Open orders: cancel the selected order',
          defaultKey: 'Delete',
          run: () => {
            const { orders: list, selectedId: sel, cancel: doCancel } = live.current;
            const o = list?.find((x) => x.id === sel);
            if (o) void doCancel(o);
            else notify('info', 'Select an open order first (O focuses the list, arrows select).');
          },
        },
        {
          id: 'orders.cancelAll',
          title: 'Cancel all orders of the pair (asks first)',
          defaultKey: 'Mod+Shift+X',
          run: () => setConfirmAll(selectedPair.peek()),
        },
      ]),
    [],
  );

  const onTabKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const i = TABS.findIndex((t) => t.id === tab);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
    if (!next) return;
    setTab(next.id);
    tabRefs.current[next.id]?.focus();
  };

  const pairOrders = confirmAll ? (orders ?? []).filter((o) => o.pair === confirmAll).length : 0;

  return (
    <section class="tr-panel tabs" data-panel="tabs">
      <header class="panel-head tr-tabs-head">
        <div class="tr-tabs" role="tablist" aria-label="Account" onKeyDown={onTabKey}>
          {TABS.map((t) => (
            <button
              key={t.id}
              ref={(el) => {
                tabRefs.current[t.id] = el;
              }}
              type="button"
              role="tab"
              id={`tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls={`tabpanel-${t.id}`}
              tabIndex={tab === t.id ? 0 : -1}
              class={`tr-tab${tab === t.id ? ' active' : ''}`}
              data-testid={`tab-${t.id}`}
              onClick={() => setTab(t.id)}
            >
              {t.label}
              {t.id === 'orders' && orders && orders.length > 0 && <span class="tr-count num">{orders.length}</span>}
            </button>
          ))}
        </div>
        <StaleTag source={fresh.current} feed="account" />
        <span class="spacer" />
        {tab === 'orders' && (
          <button
            type="button"
            class="tr-head-btn"
            onClick={() => setConfirmAll(selectedPair.value)}
            data-testid="cancel-all"
          >
            Cancel all {selectedPair.value.replace('_', '/')} <span class="tr-key">Ctrl+Shift+X</span>
          </button>
        )}
      </header>
      <div class="tr-tabpanel" role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'orders' && (
          <OpenOrders
            orders={orders}
            selectedId={selectedId}
            onSelect={setSelectedId}
            onCancel={(o) => void cancel(o)}
            cancelling={cancelling}
          />
        )}
        {tab === 'history' && (
          <>
            <DateRange
              state={historyRange}
              history={{ ...history, count: history.rows?.length ?? 0 }}
              testId="history"
            />
            <div class="tr-table-wrap">
              <Status
                loading={history.rows === null}
                error={history.error}
                empty={!history.rows?.length}
                what="past orders in this range"
              />
              {history.rows && history.rows.length > 0 && <OrderHistory orders={history.rows} />}
            </div>
          </>
        )}
        {tab === 'trades' && (
          <>
            <DateRange state={tradesRange} history={{ ...trades, count: trades.rows?.length ?? 0 }} testId="trades" />
            <div class="tr-table-wrap">
              <Status
                loading={trades.rows === null}
                error={trades.error}
                empty={!trades.rows?.length}
                what="trades in this range"
              />
              {trades.rows && trades.rows.length > 0 && <OwnTrades trades={trades.rows} />}
            </div>
          </>
        )}
        {tab === 'activity' && (
          <>
            <DateRange
              state={activityRange}
              history={{ ...activity, count: activity.rows?.length ?? 0 }}
              testId="activity"
            />
            <div class="tr-table-wrap">
              <Status
                loading={activity.rows === null}
                error={activity.error}
                empty={!activity.rows?.length}
                what="wallet activity in this range"
              />
              {activity.rows && activity.rows.length > 0 && <WalletActivity motions={activity.rows} />}
            </div>
          </>
        )}
        {tab === 'balances' && (
          <div class="tr-table-wrap" data-testid="balances">
            {sub && (
              <p class="tr-note muted tr-pad" data-testid="balances-subaccount-note">
                Trading for {sub.name}: these are the balances of the key's own account. {SUBACCOUNT_BALANCES_NOTE}
              </p>
            )}
            <Status loading={balances === null} error={null} empty={!balances?.length} what="balances" />
            {balances && balances.length > 0 && <Balances balances={balances} />}
          </div>
        )}
        {tab === 'funding' && (
          <div class="tr-table-wrap">
            <Status
              loading={deposits.loading || withdraws.loading}
              error={deposits.error ?? withdraws.error}
              empty={!deposits.data || !withdraws.data}
              what="deposits and withdrawals"
            />
            {deposits.data && withdraws.data && <Funding deposits={deposits.data} withdraws={withdraws.data} />}
          </div>
        )}
        {tab === 'pnl' && <PnlPanel refreshKey={fillsSeen} />}
        {tab === 'fees' && (
          <div class="tr-table-wrap">
            <Status loading={fees.loading} error={fees.error} empty={!fees.data?.length} what="fee rules" />
            {fees.data && fees.data.length > 0 && <Fees fees={fees.data} />}
          </div>
        )}
      </div>
      {confirmAll && (
        <Confirm
          title={`Cancel all ${confirmAll.replace('_', '/')} orders?`}
          confirmLabel="Cancel them all"
          tone="danger"
          testId="cancel-all-confirm"
          onConfirm={() => void cancelAll(confirmAll)}
          onCancel={() => setConfirmAll(null)}
        >
          <p>
            {pairOrders > 0
              ? `${pairOrders} open order${pairOrders === 1 ? '' : 's'} of ${confirmAll.replace('_', '/')} will be cancelled.`
              : `No open ${confirmAll.replace('_', '/')} orders are shown; any the exchange still has will be cancelled.`}
          </p>
        </Confirm>
      )}
    </section>
  );
}
