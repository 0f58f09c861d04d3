/**
 * Panel sizes and which panels are shown, and named arrangements of both. Sizes are pixels for the outer
 * columns and the bottom tabs, fractions for the splits inside a column; they live in `settings.layout`,
 * clamped so no panel can be dragged out of existence. Shown panels live in `settings.panels`; the trader's
 * named layouts in `settings.layouts` (the built-in ones are defined here, never stored).
 */
import { computed } from '@preact/signals';
import type { SavedLayout } from '../../../preload/contract';
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
  left: { def: 300, min: 220, max: 520, unit: 'px' },
  right: { def: 300, min: 260, max: 560, unit: 'px' },
  bottom: { def: 210, min: 110, max: 700, unit: 'px' },
  chart: { def: 0.62, min: 0.2, max: 0.85, unit: 'frac' },
  book: { def: 0.5, min: 0.2, max: 0.8, unit: 'frac' },
  /** The market list's share of the left column (the margin panel has the rest). */
  markets: { def: 0.3, min: 0.15, max: 0.85, unit: 'frac' },
} as const satisfies Record<string, LayoutSpec>;

export type LayoutKey = keyof typeof LAYOUT;

export const PANELS = [
  { id: 'markets', label: 'Markets' },
  { id: 'chart', label: 'Chart' },
  { id: 'book', label: 'Order book' },
  { id: 'trades', label: 'Trades' },
  { id: 'ticket', label: 'Order ticket' },
  { id: 'margin', label: 'Margin' },
  { id: 'algos', label: 'Algos' },
  { id: 'tabs', label: 'Account tabs' },
] as const;
export type PanelId = (typeof PANELS)[number]['id'];

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

/** Which panels are shown (a panel not mentioned in the settings is shown). */
export const shown = computed(() => {
  const saved = settings.value?.panels ?? {};
  const out = {} as Record<PanelId, boolean>;
  for (const p of PANELS) out[p.id] = saved[p.id] ?? true;
  return out;
});

export function setLayout(key: LayoutKey, value: number): void {
  const next = { ...(settings.value?.layout ?? {}), [key]: Math.round(clampLayout(key, value) * 1000) / 1000 };
  void updateSettings({ layout: next });
}

export function resetLayout(): void {
  void updateSettings({ layout: {} });
}

export function setPanelShown(id: PanelId, on: boolean): void {
  void updateSettings({ panels: { ...(settings.value?.panels ?? {}), [id]: on } }, { immediate: true });
}

const all = (over: Partial<Record<PanelId, boolean>> = {}): Record<string, boolean> => ({
  ...Object.fromEntries(PANELS.map((p) => [p.id, true])),
  ...over,
});

/** The arrangements that come with the app. */
export const BUILTIN_LAYOUTS: Readonly<Record<string, SavedLayout>> = {
  Default: { layout: {}, panels: all() },
  'Chart focus': {
    layout: { chart: 0.8, bottom: 170 },
    panels: all({ markets: false, margin: false, algos: false, trades: false }),
  },
  'Order flow': {
    layout: { chart: 0.38, book: 0.55, bottom: 260, left: 280 },
    panels: all({ margin: false }),
  },
};

/** Built-in first, then the trader's own, by name. */
export const layoutNames = computed(() => [
  ...Object.keys(BUILTIN_LAYOUTS),
  ...Object.keys(settings.value?.layouts ?? {})
    .filter((n) => !(n in BUILTIN_LAYOUTS))
    .sort(),
]);

export const activeLayout = computed(() => settings.value?.activeLayout ?? 'Default');

export function applyLayout(name: string): boolean {
  const l = BUILTIN_LAYOUTS[name] ?? settings.value?.layouts?.[name];
  if (!l) return false;
  void updateSettings({ layout: { ...l.layout }, panels: { ...l.panels }, activeLayout: name }, { immediate: true });
  return true;
}

/** Why a name cannot be saved, or null. */
export function layoutNameError(name: string): string | null {
  const n = name.trim();
  if (!n) return 'Give the layout a name.';
  if (n.length > 40) return 'Use at most 40 characters.';
  if (n in BUILTIN_LAYOUTS) return `"${n}" comes with the app: pick another name.`;
  return null;
}

/** Saves the current sizes and shown panels under `name` (replacing a layout of that name). */
export function saveLayout(name: string): string | null {
  const error = layoutNameError(name);
  if (error) return error;
  const n = name.trim();
  const current: SavedLayout = { layout: { ...(settings.value?.layout ?? {}) }, panels: { ...shown.value } };
  void updateSettings(
    { layouts: { ...(settings.value?.layouts ?? {}), [n]: current }, activeLayout: n },
    { immediate: true },
  );
  return null;
}

export function deleteLayout(name: string): void {
  if (name in BUILTIN_LAYOUTS) return;
  const next = { ...(settings.value?.layouts ?? {}) };
  delete next[name];
  void updateSettings(
    { layouts: next, ...(activeLayout.value === name ? { activeLayout: 'Default' } : {}) },
    { immediate: true },
  );
}
