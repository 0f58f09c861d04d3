/**
 * Freshness of the market data: how it arrives (streaming, polling, offline) and how old the newest piece is.
 * Data older than STALE_MS is stale: the status bar says so and marks the page (`data-stale` on <html>), so the
 * market panels can dim what they show.
 */
import { signal } from '@preact/signals';
import type { AppStatus, FeedMode } from '../../../preload/contract';

export const STALE_MS = 5_000;
const FEED_TEXT: Record<FeedMode, string> = { streaming: 'Streaming', polling: 'Polling', offline: 'Offline' };

/** A clock that ticks once a second while anything shows an age (ages count up without new data). */
export const nowTick = signal(Date.now());
let ticking: ReturnType<typeof setInterval> | null = null;
/** How many mounted components show an age: the status bar and every panel's stale tag share one timer. */
let tickUsers = 0;
export function startTicking(): () => void {
  tickUsers++;
  if (!ticking) ticking = setInterval(() => (nowTick.value = Date.now()), 1_000);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    tickUsers--;
    if (tickUsers > 0 || !ticking) return;
    clearInterval(ticking);
    ticking = null;
  };
}

export function feedText(s: AppStatus | null): string {
  if (!s) return 'Connecting…';
  const mode: FeedMode = s.connection === 'offline' ? 'offline' : (s.feed ?? 'polling');
  return FEED_TEXT[mode];
}

/** "0.4 s", "12 s", "3 min"; null before any data. */
export function ageText(dataAt: number | null | undefined, now: number): string | null {
  if (dataAt === null || dataAt === undefined) return null;
  const ms = Math.max(0, now - dataAt);
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

export function isStale(dataAt: number | null | undefined, now: number): boolean {
  return dataAt !== null && dataAt !== undefined && now - dataAt > STALE_MS;
}
