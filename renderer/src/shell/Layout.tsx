import { useEffect } from 'preact/hooks';
import { chartLevels, onChartPriceClick } from '../algos';
import { profileId } from '../state/store';
import { layout, shown } from './layout-state';
import { AccountTabs, AlgosPanel, Chart, MarginPanel, MarketList, OrderBook, OrderTicket, TradesTape } from './panels';
import { Splitter } from './Splitter';

/**
 * The workspace grid: markets over margin and algos on the left (full height); chart over book|trades with the order
 * ticket beside them, and the account tabs under both at full width. The ticket scrolls within itself and keeps
 * its submit button and result in view at any height. Sizes come
 * from `layout` and are changed by splitters; hidden panels leave their space to their neighbours. The panels
 * are keyed by the active profile, so a switch remounts them all in one render: nothing from the previous
 * profile can linger in any panel.
 */
export function Layout() {
  const l = layout.value;
  const on = shown.value;
  const pid = profileId.value;
  // Toasts keep clear of the ticket column, so they never cover its submit button or result.
  const ticketWidth = on.ticket ? l.right + 4 : 0;
  useEffect(() => {
    document.documentElement.style.setProperty('--ticket-col', `${ticketWidth}px`);
  }, [ticketWidth]);
  if (!pid) return <div class="workspace workspace-loading muted">Loading profiles…</div>;
  const lower = on.margin || on.algos;
  const left = on.markets || lower;
  const bookRow = on.book || on.trades;
  const upper = on.chart || bookRow;
  const ticketColumn = (
    <>
      <Splitter target="right" axis="x" after label="Resize the order ticket column" />
      <div class="col col-right" style={{ flexBasis: `${l.right}px` }}>
        <section class="slot slot-ticket" data-slot="ticket" style={{ flexGrow: 1, flexBasis: 0 }}>
          <OrderTicket />
        </section>
      </div>
    </>
  );
  return (
    <div class="workspace" key={pid} data-profile-id={pid}>
      {left && (
        <>
          <div class="col col-left" style={{ flexBasis: `${l.left}px` }}>
            {on.markets && (
              <section
                class="slot slot-markets"
                data-slot="markets"
                style={{ flexGrow: lower ? l.markets : 1, flexBasis: 0 }}
              >
                <MarketList />
              </section>
            )}
            {on.markets && lower && <Splitter target="markets" axis="y" label="Resize the market list" />}
            {on.margin && (
              <section
                class="slot slot-margin"
                data-slot="margin"
                style={{ flexGrow: on.markets ? 1 - l.markets : 1, flexBasis: 0 }}
              >
                <MarginPanel />
              </section>
            )}
            {on.algos && (
              <section
                class={`slot slot-algos${on.margin ? ' slot-fit' : ''}`}
                data-slot="algos"
                style={on.margin ? undefined : { flexGrow: on.markets ? 1 - l.markets : 1, flexBasis: 0 }}
              >
                <AlgosPanel />
              </section>
            )}
          </div>
          <Splitter target="left" axis="x" label="Resize the left column" />
        </>
      )}
      <div class="col col-main">
        {upper && (
          <div class="row row-upper">
            <div class="col col-center">
              {on.chart && (
                <section
                  class="slot slot-chart"
                  data-slot="chart"
                  style={{ flexGrow: bookRow ? l.chart : 1, flexBasis: 0 }}
                >
                  <Chart lines={chartLevels.value} onPriceClick={onChartPriceClick} />
                </section>
              )}
              {on.chart && bookRow && <Splitter target="chart" axis="y" label="Resize the chart" />}
              {bookRow && (
                <div class="row row-book" style={{ flexGrow: on.chart ? 1 - l.chart : 1, flexBasis: 0 }}>
                  {on.book && (
                    <section
                      class="slot slot-book"
                      data-slot="book"
                      style={{ flexGrow: on.trades ? l.book : 1, flexBasis: 0 }}
                    >
                      <OrderBook />
                    </section>
                  )}
                  {on.book && on.trades && <Splitter target="book" axis="x" label="Resize the order book" />}
                  {on.trades && (
                    <section
                      class="slot slot-trades"
                      data-slot="trades"
                      style={{ flexGrow: on.book ? 1 - l.book : 1, flexBasis: 0 }}
                    >
                      <TradesTape />
                    </section>
                  )}
                </div>
              )}
            </div>
            {on.ticket && ticketColumn}
          </div>
        )}
        {!upper && on.ticket && <div class="row row-upper">{ticketColumn}</div>}
        {(upper || on.ticket) && on.tabs && <Splitter target="bottom" axis="y" after label="Resize the account tabs" />}
        {on.tabs && (
          <section
            class={`slot slot-tabs${upper || on.ticket ? '' : ' slot-fill'}`}
            data-slot="tabs"
            style={upper || on.ticket ? { flexBasis: `${l.bottom}px` } : { flexGrow: 1, flexBasis: 0 }}
          >
            <AccountTabs />
          </section>
        )}
      </div>
    </div>
  );
}
