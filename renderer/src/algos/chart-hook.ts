/** The chart's price clicks that belong to alerts: Alt + click on a price opens the alert form at that price. */
import type { PriceClickModifiers } from '../market/chart-plugins/types';
import { alertFormOpen } from './state';

export function onChartPriceClick(price: string, mods: PriceClickModifiers): void {
  if (mods.altKey && !mods.ctrlKey && !mods.metaKey) alertFormOpen.value = { price };
}
