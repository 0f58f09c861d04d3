export { AlgosPanel } from './AlgosPanel';
export { AlgosRoot } from './AlgosRoot';
export { algoTicketOpen, alertFormOpen, chartLevels, type ChartLevel } from './state';
export { onChartPriceClick } from './chart-hook';
