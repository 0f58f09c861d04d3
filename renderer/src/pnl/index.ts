/** The P&L and portfolio panels. */
export { PnlPanel } from './PnlPanel';
export { PnlStatus } from './PnlStatus';
