/**
 * The application menu: the usual roles (Edit for copy and paste in every field, View, Window, Help) and the
 * app's own actions. An app action is sent to the page as an `app.command` event with the renderer's action id,
 * so the menu, the keymap and the palette run the same code; its key stays the keymap's (rebindable), so the
 * menu shows no accelerator of its own for it.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuDeps {
  appName: string;
  isMac: boolean;
  /** Runs a renderer action by id (e.g. "palette.open"). */
  command(actionId: string): void;
  checkUpdates(): void;
  openExternal(url: string): void;
}

/** App actions in the menu: [label, renderer action id]. */
export const MENU_ACTIONS: readonly (readonly [string, string])[] = [
  ['Command palette…', 'palette.open'],
  ['Keyboard shortcuts…', 'keymap.show'],
  ['Buy at the best ask', 'ticket.buy'],
  ['Sell at the best bid', 'ticket.sell'],
  ['Cancel all orders of the pair…', 'orders.cancelAll'],
  ['Add a profile…', 'accounts.add'],
];

export function buildMenuTemplate(deps: MenuDeps): MenuItemConstructorOptions[] {
  const run = (label: string, id: string): MenuItemConstructorOptions => ({ label, click: () => deps.command(id) });
  const updates: MenuItemConstructorOptions = { label: 'Check for updates…', click: () => deps.checkUpdates() };
  return [
    ...(deps.isMac ? [{ label: deps.appName, role: 'appMenu' as const }] : []),
    {
      label: 'Trade',
      submenu: [
        ...MENU_ACTIONS.map(([label, id]) => run(label, id)),
        { type: 'separator' },
        ...(deps.isMac ? [] : [{ role: 'quit' as const }]),
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        run('Reset panel sizes', 'layout.reset'),
        run('Switch dark / light theme', 'theme.toggle'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        run('Keyboard shortcuts', 'keymap.show'),
        updates,
        { type: 'separator' },
        { label: 'ALP.COM', click: () => deps.openExternal('https://alp.com') },
      ],
    },
  ];
}
