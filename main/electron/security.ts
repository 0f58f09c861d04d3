import type { Session, WebContents } from './electron-types';

/** Every permission (camera, notifications, geolocation, ...) is refused: a trading screen needs none. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** The only sites a link in the app may open (in the system browser): the exchange's own. */
export const EXTERNAL_ALLOW_LIST: readonly string[] = ['alp.com', 'www.alp.com'];

/**
 * The URL to hand to the system browser, or null when it is not on the allow-list: https only, the exchange's own
 * host names exactly (no look-alike subdomain, no other port, no credentials in the URL).
 */
export function allowedExternalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '') return null;
  return EXTERNAL_ALLOW_LIST.includes(url.hostname) ? url.href : null;
}

/**
 * The page may not navigate anywhere, open windows or attach webviews. A link to the exchange's own site (the
 * allow-list) opens in the system browser instead; anything else is denied.
 */
export function lockDownContents(
  contents: WebContents,
  openExternal: (url: string) => void,
  onDenied: (url: string) => void = () => {},
): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const allowed = allowedExternalUrl(url);
    if (allowed) openExternal(allowed);
    else onDenied(url);
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
