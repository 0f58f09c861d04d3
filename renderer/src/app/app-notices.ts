/**
 * The main process's own notices (the window crashed and was reloaded, paper state was reset) shown as toasts.
 * Main replays every notice of the run to each page that subscribes, so a reloaded page learns why it was
 * reloaded; the ids shown are remembered for the page session (sessionStorage survives a reload) so none repeats.
 */
import type { AppNotice } from '../../../preload/contract';
import { subscribe } from '../bridge';
import { notify } from '../state/store';

const SEEN_KEY = 'alp.seenNotices';

function readSeen(): Set<string> {
  try {
    const raw: unknown = JSON.parse(sessionStorage.getItem(SEEN_KEY) ?? '[]');
    return new Set(Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

function saveSeen(seen: Set<string>): void {
  try {
    sessionStorage.setItem(SEEN_KEY, JSON.stringify([...seen].slice(-50)));
  } catch {
    // storage unavailable: a notice may show again after a reload, which is better than not at all
  }
}

export function showAppNotices(list: AppNotice[], seen: Set<string>, show: (n: AppNotice) => void): boolean {
  let changed = false;
  for (const n of list) {
    if (seen.has(n.id)) continue;
    seen.add(n.id);
    show(n);
    changed = true;
  }
  return changed;
}

export function followAppNotices(): () => void {
  const seen = readSeen();
  return subscribe('app.notices', {}, (list) => {
    if (showAppNotices(list, seen, (n) => notify(n.kind, n.text))) saveSeen(seen);
  });
}
