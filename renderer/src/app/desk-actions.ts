/**
 * The desk's keys and palette entries: chart timeframe (Alt+1..6), next / previous market (] and [), focus each
 * panel (Alt+letter), named layouts, panel visibility, notifications and the update check.
 */
import { TIMEFRAMES } from '../../../preload/domain';
import { call } from '../bridge';
import { applyLayout, BUILTIN_LAYOUTS, PANELS, setPanelShown, shown } from '../shell/layout-state';
import { notificationPrefs } from '../shell/os-notify';
import { updateSettings } from '../shell/settings-sync';
import { type Action, registerActions } from '../state/actions';
import { notify, pairs, selectedPair, timeframe } from '../state/store';

const TF_WORDS: Record<string, string> = {
  '5': '5 min',
  '15': '15 min',
  '30': '30 min',
  '60': '1 h',
  '240': '4 h',
  D: '1 day',
};

/** Focus keys per panel: Alt + a letter the panel's name suggests (algos has its own: G, from the algos panel). */
const FOCUS_KEYS: Record<string, string> = {
  markets: 'Alt+M',
  chart: 'Alt+C',
  book: 'Alt+K',
  trades: 'Alt+R',
  ticket: 'Alt+E',
  margin: 'Alt+G',
  tabs: 'Alt+B',
};

/** The market list's order (as listed by the exchange), moved by `dir` from the selected pair, wrapping. */
export function stepMarket(dir: 1 | -1): void {
  const list = pairs.value.map((p) => p.name);
  if (list.length === 0) return;
  const i = list.indexOf(selectedPair.value);
  selectedPair.value = list[(i + dir + list.length) % list.length] ?? selectedPair.value;
}

/** Moves focus into a panel: its first control, else the panel itself. Shows the panel first if hidden. */
export function focusPanel(id: (typeof PANELS)[number]['id']): void {
  if (!shown.value[id]) setPanelShown(id, true);
  requestAnimationFrame(() => {
    const slot = document.querySelector<HTMLElement>(`[data-slot="${id}"]`);
    if (!slot) return;
    const target = slot.querySelector<HTMLElement>(
      'input:not([disabled]), select:not([disabled]), button:not([disabled]), [tabindex="0"], [data-orders-list]',
    );
    if (target) target.focus();
    else {
      slot.tabIndex = -1;
      slot.focus();
    }
  });
}

export function deskActions(): Action[] {
  const tf: Action[] = TIMEFRAMES.map((t, i) => ({
    id: `chart.timeframe.${t}`,
    title: `Chart: ${TF_WORDS[t] ?? t} candles`,
    defaultKey: `Alt+${i + 1}`,
    run: () => (timeframe.value = t),
  }));
  const focus: Action[] = PANELS.map((p) => ({
    id: `focus.${p.id}`,
    title: `Focus: ${p.label.toLowerCase()}`,
    defaultKey: FOCUS_KEYS[p.id] ?? null,
    run: () => focusPanel(p.id),
  }));
  const toggles: Action[] = PANELS.map((p) => ({
    id: `panel.toggle.${p.id}`,
    title: `Panels: show or hide ${p.label.toLowerCase()}`,
    defaultKey: null,
    run: () => setPanelShown(p.id, !shown.value[p.id]),
  }));
  const layouts: Action[] = Object.keys(BUILTIN_LAYOUTS).map((name) => ({
    id: `layout.apply.${name.toLowerCase().replace(/\s+/g, '-')}`,
    title: `Layout: ${name}`,
    defaultKey: null,
    run: () => void applyLayout(name),
  }));
  return [
    ...tf,
    { id: 'market.next', title: 'Markets: next market', defaultKey: ']', run: () => stepMarket(1) },
    { id: 'market.prev', title: 'Markets: previous market', defaultKey: '[', run: () => stepMarket(-1) },
    ...focus,
    ...layouts,
    ...toggles,
    {
      id: 'notifications.toggle',
      title: 'Notifications: turn desktop notifications on or off',
      defaultKey: null,
      run: () => {
        const p = notificationPrefs();
        void updateSettings({ notifications: { ...p, enabled: !p.enabled } }, { immediate: true });
        notify('info', `Desktop notifications ${p.enabled ? 'off' : 'on'}`);
      },
    },
    {
      id: 'notifications.sound',
      title: 'Notifications: sound on or off',
      defaultKey: null,
      run: () => {
        const p = notificationPrefs();
        void updateSettings({ notifications: { ...p, sound: !p.sound } }, { immediate: true });
        notify('info', `Notification sound ${p.sound ? 'off' : 'on'}`);
      },
    },
    {
      id: 'app.checkUpdates',
      title: 'Check for updates',
      defaultKey: null,
      run: () =>
        void call('app.checkUpdates', {}).then(
          (r) => notify(r.state === 'error' ? 'error' : 'info', r.message),
          (e: Error) => notify('error', `Could not check for updates: ${e.message}`),
        ),
    },
  ];
}

export function registerDeskActions(): () => void {
  return registerActions(deskActions());
}
