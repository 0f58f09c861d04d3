/** The shell's own actions: overlays, focus, profiles, theme. Panels register theirs (ticket, orders, chart…). */
import { openAccountsDialog } from '../accounts/dialog-state';
import { activateNth } from '../accounts/profile-actions';
import { keymapOpen, paletteOpen } from '../keyboard/ui-state';
import { resetLayout } from '../shell/layout-state';
import { focusMarketFilter } from '../shell/panels';
import { updateSettings } from '../shell/settings-sync';
import { type Action, registerActions } from '../state/actions';
import { activeProfile, settings } from '../state/store';

export function shellActions(): Action[] {
  const switches: Action[] = Array.from({ length: 9 }, (_, i) => ({
    id: `profile.switch.${i + 1}`,
    title: `Switch to profile ${i + 1}`,
    defaultKey: `Mod+${i + 1}`,
    run: () => activateNth(i + 1),
  }));
  return [
    {
      id: 'palette.open',
      title: 'Open the command palette',
      defaultKey: 'Mod+K',
      run: () => (paletteOpen.value = true),
    },
    {
      id: 'keymap.show',
      title: 'Show and edit keyboard shortcuts',
      defaultKey: '?',
      run: () => (keymapOpen.value = true),
    },
    { id: 'market.focusFilter', title: 'Markets: filter pairs', defaultKey: '/', run: () => focusMarketFilter() },
    ...switches,
    {
      id: 'theme.toggle',
      title: 'Switch between dark and light theme',
      defaultKey: 'Mod+Shift+L',
      run: () => void updateSettings({ theme: settings.value?.theme === 'light' ? 'dark' : 'light' }),
    },
    {
      id: 'colorblind.toggle',
      title: 'Toggle the color-blind palette (blue/orange)',
      defaultKey: null,
      run: () => void updateSettings({ colorblind: !settings.value?.colorblind }),
    },
    {
      id: 'accounts.add',
      title: 'Accounts: add a profile',
      defaultKey: null,
      run: () => openAccountsDialog({ kind: 'add' }),
    },
    {
      id: 'accounts.edit',
      title: 'Accounts: edit, verify or remove the active profile',
      defaultKey: null,
      run: () => {
        const p = activeProfile.value;
        if (p) openAccountsDialog({ kind: 'edit', id: p.id });
      },
    },
    { id: 'layout.reset', title: 'Layout: reset panel sizes', defaultKey: null, run: resetLayout },
  ];
}

export function registerShellActions(): () => void {
  return registerActions(shellActions());
}
