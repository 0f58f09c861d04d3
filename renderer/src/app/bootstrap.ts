/**
 * Start-up and the app-wide reactions: load app info, profiles and settings; follow profile changes and the
 * active profile's status stream; apply theme and palette; restore and remember the pair and timeframe.
 * Returns a function that undoes all of it (used by tests and hot reload).
 */
import { effect } from '@preact/signals';
import { call, subscribe } from '../bridge';
import { installKeyDispatcher } from '../keyboard/dispatcher';
import { flushSettings, updateSettings } from '../shell/settings-sync';
import { appInfo, profileId, profiles, selectedPair, settings, status, timeframe } from '../state/store';
import { runAction } from '../state/actions';
import { registerDeskActions } from './desk-actions';
import { followAppNotices } from './app-notices';
import { registerShellActions } from './shell-actions';

export async function loadInitialState(): Promise<void> {
  const [info, state, saved] = await Promise.all([
    call('app.info', {}),
    call('accounts.list', {}),
    call('settings.get', {}),
  ]);
  appInfo.value = info;
  settings.value = saved;
  if (saved.lastPair) selectedPair.value = saved.lastPair;
  timeframe.value = saved.lastTimeframe;
  profiles.value = state;
}

export function startReactions(): () => void {
  const stops: (() => void)[] = [];
  stops.push(subscribe('accounts.changed', {}, (state) => (profiles.value = state)));
  stops.push(followAppNotices());

  // The status stream follows the active profile; the old one's figures are cleared at once.
  stops.push(
    effect(() => {
      const id = profileId.value;
      status.value = null;
      if (!id) return;
      return subscribe('app.status', { profileId: id }, (s) => {
        if (s.profileId === profileId.peek()) status.value = s;
      });
    }),
  );

  stops.push(
    effect(() => {
      const s = settings.value;
      const root = document.documentElement;
      root.dataset.theme = s?.theme ?? 'dark';
      root.dataset.colorblind = String(s?.colorblind ?? false);
    }),
  );

  // Remember the pair and timeframe (debounced with every other settings change).
  stops.push(
    effect(() => {
      const pair = selectedPair.value;
      const tf = timeframe.value;
      const s = settings.peek();
      if (!s || (s.lastPair === pair && s.lastTimeframe === tf)) return;
      if (!/^[A-Z0-9]{2,12}_[A-Z0-9]{2,12}$/.test(pair)) return;
      void updateSettings({ lastPair: pair, lastTimeframe: tf });
    }),
  );

  stops.push(installKeyDispatcher());
  stops.push(registerShellActions());
  stops.push(registerDeskActions());
  // The application menu (Electron) sends the id of the action it stands for.
  stops.push(subscribe('app.command', {}, (c) => void runAction(c.action)));
  const onHide = () => void flushSettings();
  window.addEventListener('pagehide', onHide);
  stops.push(() => window.removeEventListener('pagehide', onHide));
  return () => {
    for (const stop of stops.reverse()) stop();
  };
}
