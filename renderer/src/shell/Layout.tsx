import { chartLevels, onChartPriceClick } from '../algos';
import { profileId } from '../state/store';
import { layout } from './layout-state';
import { AccountTabs, AlgosPanel, Chart, MarginPanel, MarketList, OrderBook, OrderTicket, TradesTape } from './panels';
import { Splitter } from './Splitter';

/**
 * The workspace grid: markets on the left (full height), chart over book|trades in the center, ticket over
 * margin on the right, account tabs under center+right. Sizes come from `layout` and are changed by splitters.
 * The panels are keyed by the active profile, so a switch remounts them all in one render: nothing from the
 * previous profile can linger in any panel.
 */
export function Layout() {
  const l = layout.value;
  const pid = profileId.value;
  if (!pid) return <div class="workspace workspace-loading muted">Loading profiles…</div>;
  return (
    <div class="workspace" key={pid} data-profile-id={pid}>
      <section class="slot slot-markets" data-slot="markets" style={{ flexBasis: `${l.left}px` }}>
        <MarketList />
      </section>
      <Splitter target="left" axis="x" label="Resize the market list" />
      <div class="col col-main">
        <div class="row row-upper">
          <div class="col col-center">
            <section class="slot slot-chart" data-slot="chart" style={{ flexGrow: l.chart, flexBasis: 0 }}>
              <Chart lines={chartLevels.value} onPriceClick={onChartPriceClick} />
            </section>
            <Splitter target="chart" axis="y" label="Resize the chart" />
            <div class="row row-book" style={{ flexGrow: 1 - l.chart, flexBasis: 0 }}>
              <section class="slot slot-book" data-slot="book" style={{ flexGrow: l.book, flexBasis: 0 }}>
                <OrderBook />
              </section>
              <Splitter target="book" axis="x" label="Resize the order book" />
              <section class="slot slot-trades" data-slot="trades" style={{ flexGrow: 1 - l.book, flexBasis: 0 }}>
                <TradesTape />
              </section>
            </div>
          </div>
          <Splitter target="right" axis="x" after label="Resize the order ticket column" />
          <div class="col col-right" style={{ flexBasis: `${l.right}px` }}>
            <section class="slot slot-ticket" data-slot="ticket" style={{ flexGrow: l.ticket, flexBasis: 0 }}>
              <OrderTicket />
            </section>
            <Splitter target="ticket" axis="y" label="Resize the order ticket" />
            <section
              class="slot slot-margin"
              data-slot="margin"
              style={{ flexGrow: (1 - l.ticket) * 0.4, flexBasis: 0 }}
            >
              <MarginPanel />
            </section>
            <section class="slot slot-algos" data-slot="algos" style={{ flexGrow: (1 - l.ticket) * 0.6, flexBasis: 0 }}>
              <AlgosPanel />
            </section>
          </div>
        </div>
        <Splitter target="bottom" axis="y" after label="Resize the account tabs" />
        <section class="slot slot-tabs" data-slot="tabs" style={{ flexBasis: `${l.bottom}px` }}>
          <AccountTabs />
        </section>
      </div>
    </div>
  );
}
