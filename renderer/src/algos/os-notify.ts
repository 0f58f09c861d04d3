/**
 * The renderer's side of notifications until Electron's `app.notify` exists: the page's Notification API (an OS
 * notification where the page may show one) and a short tone made with Web Audio (no sound file to ship).
 */
import type { AppNotification } from '../../../preload/domain';

export function askNotificationPermission(): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default')
    void Notification.requestPermission().catch(() => {});
}

export function showOsNotification(n: AppNotification): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
    try {
      new Notification(n.title, { body: n.body, silent: true });
    } catch {
      // some hosts refuse page notifications; the in-app notice is still shown
    }
  }
  if (n.sound) beep();
}

function beep(): void {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.15, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.4);
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.4);
    osc.onended = () => void ctx.close();
  } catch {
    // no audio device: the notice is enough
  }
}
