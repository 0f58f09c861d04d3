/**
 * Fill and alert notifications through the OS, on top of the in-app notice: in Electron the main process shows
 * them (`app.notify`); in browser mode the page's own Notification API does, after the browser's permission.
 * `settings.notifications` turns them off or adds a sound. Never throws: a notification that cannot be shown
 * is simply not shown (the in-app notice already said the same).
 */
import { call } from '../bridge';
import { appInfo, settings } from '../state/store';

export const notificationPrefs = () => settings.value?.notifications ?? { enabled: true, sound: false };

/** A short, quiet two-tone chime made on the spot (browser mode; Electron plays the OS sound). */
function chime(): void {
  try {
    const ctx = new AudioContext();
    const gain = ctx.createGain();
    gain.gain.value = 0.05;
    gain.connect(ctx.destination);
    [880, 1320].forEach((hz, i) => {
      const osc = ctx.createOscillator();
      osc.frequency.value = hz;
      osc.connect(gain);
      osc.start(ctx.currentTime + i * 0.12);
      osc.stop(ctx.currentTime + i * 0.12 + 0.1);
    });
    setTimeout(() => void ctx.close(), 600);
  } catch {
    // No audio device: the notification is still shown.
  }
}

export async function notifyOs(title: string, body: string): Promise<boolean> {
  const prefs = notificationPrefs();
  if (!prefs.enabled) return false;
  try {
    if (appInfo.value?.mode === 'electron') {
      return (await call('app.notify', { title, body, sound: prefs.sound })).shown;
    }
    if (typeof Notification === 'undefined') return false;
    if (Notification.permission === 'default') await Notification.requestPermission();
    if (Notification.permission !== 'granted') return false;
    new Notification(title, { body, silent: true });
    if (prefs.sound) chime();
    return true;
  } catch {
    return false;
  }
}
