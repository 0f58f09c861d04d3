/** The trading panels, placed in the layout by the shell. */
export { AccountTabs } from './AccountTabs';
export { MarginPanel } from './MarginPanel';
export { OrderTicket } from './OrderTicket';
