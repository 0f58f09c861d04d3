import { useEffect, useRef } from 'preact/hooks';
import { profileId, status } from '../state/store';
import { ageText, nowTick, startTicking } from './freshness';
import './stale.css';
import { accountFreshness, type FreshnessSource, panelFreshness } from './panel-freshness';

/**
 * The "stale 12 s" tag in a panel's header. It also marks its panel (`data-stale` on the closest `[data-panel]`),
 * which the stylesheet dims. It is its own component so the once-a-second clock re-renders only this tag, never
 * the panel (the book and the tape update their rows in place at the feed's rate).
 */
/** Whole seconds ("12 s") up to two minutes, then minutes: the tag counts up once a second. */
function staleAge(ageMs: number, now: number): string {
  return ageMs < 120_000 ? `${Math.floor(ageMs / 1000)} s` : (ageText(now - ageMs, now) ?? '');
}

/** `feed` says which feed vouches for the panel: the public market feed, or the profile's private account feed. */
export function StaleTag({ source, feed = 'market' }: { source: FreshnessSource; feed?: 'market' | 'account' }) {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => startTicking(), []);
  const now = nowTick.value;
  const s = status.value;
  const mine = s && s.profileId === profileId.value ? s : null;
  const f = feed === 'account' ? accountFreshness(source.at, mine, now) : panelFreshness(source.at, mine, now);
  useEffect(() => {
    const panel = ref.current?.closest<HTMLElement>('[data-panel]');
    if (panel) panel.dataset.stale = f.stale ? 'true' : 'false';
  }, [f.stale]);
  return (
    <span
      ref={ref}
      class="stale-tag"
      data-testid="stale-tag"
      hidden={!f.stale}
      role={f.stale ? 'status' : undefined}
      title="No new data for this panel for a while: the exchange or the connection may be down"
    >
      stale {f.ageMs !== null ? staleAge(f.ageMs, now) : ''}
    </span>
  );
}
