import type { Session, WebContents } from './electron-types';

/** Every permission (camera, notifications, geolocation, ...) is refused: a trading screen needs none. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * The page may not navigate anywhere, open windows or attach webviews. Links to the exchange's site open in
 * the system browser instead, and only https ones.
 */
export function lockDownContents(contents: WebContents, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) openExternal(url);
    return { action: 'deny' };
  });
}

/** True only for the app's own page in the top frame: other frames and other pages are refused. */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined, appUrl: string): boolean {
  if (!frame || frame.parent) return false;
  try {
    const sender = new URL(frame.url);
    const app = new URL(appUrl);
    if (sender.protocol !== app.protocol) return false;
    if (app.protocol === 'file:') return sender.pathname === app.pathname;
    return sender.origin === app.origin;
  } catch {
    return false;
  }
}
