/**
 * The panels other parts of the workspace provide, gathered in one place so the layout only names slots.
 * A slot whose panel has not landed yet renders an empty, labelled frame.
 */
import type { FunctionComponent } from 'preact';

function pending(name: string): FunctionComponent {
  const Empty: FunctionComponent = () => (
    <div class="panel-pending muted" data-pending-panel={name}>
      {name}
    </div>
  );
  return Empty;
}

export const MarketList = pending('Markets');
export const Chart = pending('Chart');
export const OrderBook = pending('Order book');
export const TradesTape = pending('Trades');
export const OrderTicket = pending('Order ticket');
export const AccountTabs = pending('Orders · History · Balances');
export const MarginPanel = pending('Margin');

/** Puts the keyboard focus in the market list's filter (the `/` key). */
export function focusMarketFilter(): void {
  document.querySelector<HTMLInputElement>('[data-panel="market-list"] input')?.focus();
}
