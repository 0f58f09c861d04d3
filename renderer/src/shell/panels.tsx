/**
 * The panels other parts of the workspace provide, gathered in one place so the layout only names slots.
 * A slot whose panel has not landed yet renders an empty, labelled frame.
 */
import type { FunctionComponent } from 'preact';

export { Chart, focusMarketFilter, MarketList, OrderBook, TradesTape } from '../market';

function pending(name: string): FunctionComponent {
  const Empty: FunctionComponent = () => (
    <div class="panel-pending muted" data-pending-panel={name}>
      {name}
    </div>
  );
  return Empty;
}

export const OrderTicket = pending('Order ticket');
export const AccountTabs = pending('Orders · History · Balances');
export const MarginPanel = pending('Margin');
