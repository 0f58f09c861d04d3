/**
 * Panel sizes: pixels for the outer columns and the bottom tabs, fractions for the splits inside a column.
 * Read from `settings.layout` (so they survive restarts), clamped so no panel can be dragged out of existence.
 */
import { computed } from '@preact/signals';
import { settings } from '../state/store';
import { updateSettings } from './settings-sync';

export interface LayoutSpec {
  /** Default, min, max; `unit` says whether the value is pixels or a fraction of the parent. */
  def: number;
  min: number;
  max: number;
  unit: 'px' | 'frac';
}

export const LAYOUT = {
  left: { def: 250, min: 170, max: 520, unit: 'px' },
  right: { def: 300, min: 250, max: 560, unit: 'px' },
  bottom: { def: 250, min: 110, max: 700, unit: 'px' },
  chart: { def: 0.62, min: 0.2, max: 0.85, unit: 'frac' },
  book: { def: 0.5, min: 0.2, max: 0.8, unit: 'frac' },
  ticket: { def: 0.62, min: 0.25, max: 0.85, unit: 'frac' },
} as const satisfies Record<string, LayoutSpec>;

export type LayoutKey = keyof typeof LAYOUT;

export function clampLayout(key: LayoutKey, value: number): number {
  const spec: LayoutSpec = LAYOUT[key];
  if (!Number.isFinite(value)) return spec.def;
  return Math.min(spec.max, Math.max(spec.min, value));
}

export const layout = computed(() => {
  const saved = settings.value?.layout ?? {};
  const out = {} as Record<LayoutKey, number>;
  for (const key of Object.keys(LAYOUT) as LayoutKey[]) out[key] = clampLayout(key, saved[key] ?? LAYOUT[key].def);
  return out;
});

export function setLayout(key: LayoutKey, value: number): void {
  const next = { ...(settings.value?.layout ?? {}), [key]: Math.round(clampLayout(key, value) * 1000) / 1000 };
  void updateSettings({ layout: next });
}

export function resetLayout(): void {
  void updateSettings({ layout: {} });
}
