/** The algo and alert state of the active profile, as signals (fed by the algos.changed / alerts.changed streams). */
import { computed, signal } from '@preact/signals';
import type { AlertView, AlgoView, Dec } from '../../../preload/domain';
import { selectedPair } from '../state/store';

export const algoViews = signal<AlgoView[]>([]);
export const alertViews = signal<AlertView[]>([]);
export const algoTicketOpen = signal(false);
export const alertFormOpen = signal<{ price: string | null } | null>(null);
/** The algo selected in the panel (keyboard: ↑/↓, P pause/resume, X cancel). */
export const selectedAlgoId = signal<string | null>(null);

export interface ChartLevel {
  price: Dec;
  kind: 'algo' | 'alert';
  label: string;
}

/**
 * Price levels of the selected pair's live algos and active alerts, for the chart (its 'algo' and 'alert' line
 * kinds read this signal).
 */
export const chartLevels = computed<ChartLevel[]>(() => {
  const pair = selectedPair.value;
  const live = new Set(['running', 'waiting', 'paused', 'stalled']);
  return [
    ...algoViews.value
      .filter((a) => a.definition.pair === pair && live.has(a.status.kind))
      .flatMap((a) =>
        a.levels.map((l) => ({
          price: l.price,
          kind: 'algo' as const,
          label: `${a.definition.type.toUpperCase()} ${l.label}`,
        })),
      ),
    ...alertViews.value
      .filter((a) => a.pair === pair && a.active)
      .map((a) => ({ price: a.price, kind: 'alert' as const, label: `alert ${a.condition} (${a.source})` })),
  ];
});
