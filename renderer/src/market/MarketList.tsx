/**
 * Market list: every pair with last price, 24h change and volume; type to filter, ArrowUp/ArrowDown to move,
 * Enter to select. `/` (the shell's key) focuses the filter through focusMarketFilter().
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Ticker } from '../../../preload/domain';
import { BridgeCallError, call, subscribe } from '../bridge';
import type { FreshnessSource } from '../shell/panel-freshness';
import { StaleTag } from '../shell/StaleTag';
import { pairs, profileId, selectedPair, tickers } from '../state/store';
import { compact, fixed, percent, sign } from './format';
import './market-list.css';

let filterInput: HTMLInputElement | null = null;

/** Focuses the market filter and selects its text (bound to `/` by the shell). */
export function focusMarketFilter(): void {
  filterInput?.focus();
  filterInput?.select();
}

export function MarketList() {
  const pid = profileId.value;
  const all = pairs.value;
  const ticks = tickers.value;
  const selected = selectedPair.value;
  const [query, setQuery] = useState('');
  const [cursor, setCursor] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [focused, setFocused] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const fresh = useRef<FreshnessSource>({ at: null });

  useEffect(() => {
    filterInput = inputRef.current;
    return () => {
      if (filterInput === inputRef.current) filterInput = null;
    };
  }, []);

  useEffect(() => {
    if (!pid) return;
    let live = true;
    setError(null);
    fresh.current.at = null;
    call('market.pairs', { profileId: pid }).then(
      (list) => {
        if (live && profileId.value === pid) pairs.value = list;
      },
      (e: unknown) => {
        if (live)
          setError(e instanceof BridgeCallError ? e.message : 'Could not load the pairs; check the connection.');
      },
    );
    const stop = subscribe('market.tickers', { profileId: pid }, (list: Ticker[]) => {
      if (profileId.value !== pid) return;
      fresh.current.at = Date.now();
      const next: Record<string, Ticker> = {};
      for (const t of list) next[t.pair] = t;
      tickers.value = next;
    });
    return () => {
      live = false;
      stop();
    };
  }, [pid]);

  const q = query
    .trim()
    .toUpperCase()
    .replace(/[/\s-]/g, '_');
  const shown = q ? all.filter((p) => p.name.includes(q) || `${p.base}${p.quote}`.includes(q.replace(/_/g, ''))) : all;
  const active = Math.min(cursor, Math.max(0, shown.length - 1));

  // Keep the keyboard cursor's row in view.
  useEffect(() => {
    listRef.current?.querySelector<HTMLElement>('.ml-row.cursor')?.scrollIntoView({ block: 'nearest' });
  }, [active, q, focused]);

  const choose = (name: string) => {
    selectedPair.value = name;
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setCursor(Math.min(Math.max(0, active + step), Math.max(0, shown.length - 1)));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const p = shown[active];
      if (p) choose(p.name);
    } else if (e.key === 'Escape') {
      if (query) {
        e.preventDefault();
        e.stopPropagation();
        setQuery('');
      } else inputRef.current?.blur();
    }
  };

  return (
    <section class="market-list" data-panel="market-list" data-testid="market-list" aria-label="Markets">
      <header class="panel-head">
        <span class="panel-title">Markets</span>
        <StaleTag source={fresh.current} />
        <input
          ref={inputRef}
          class="ml-filter"
          data-testid="market-filter"
          type="search"
          placeholder="Filter  /"
          aria-label="Filter markets"
          value={query}
          spellcheck={false}
          autocomplete="off"
          onInput={(e) => {
            setQuery((e.target as HTMLInputElement).value);
            setCursor(0);
          }}
          onKeyDown={onKey}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
        />
      </header>
      <div class="ml-row ml-cols muted">
        <span>Pair</span>
        <span>Last</span>
        <span>24h</span>
        <span>Volume</span>
      </div>
      <div class="ml-list" role="listbox" aria-label="Pairs" ref={listRef}>
        {error && <div class="ml-empty danger">{error}</div>}
        {!error && shown.length === 0 && (
          <div class="ml-empty muted">{all.length ? 'No pair matches the filter' : 'Loading pairs…'}</div>
        )}
        {shown.map((p, i) => {
          const t = ticks[p.name];
          const dir = sign(t?.changePct);
          return (
            <div
              key={p.name}
              role="option"
              tabIndex={-1}
              aria-selected={p.name === selected}
              data-testid={`market-row-${p.name}`}
              class={`ml-row${p.name === selected ? ' selected' : ''}${i === active && focused ? ' cursor' : ''}`}
              onClick={() => {
                setCursor(i);
                choose(p.name);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') choose(p.name);
              }}
            >
              <span class="ml-pair">
                {p.base}
                <span class="muted">/{p.quote}</span>
              </span>
              <span class="num">{t ? fixed(t.last, p.pricePrecision) : '—'}</span>
              <span class={`num ${dir > 0 ? 'buy' : dir < 0 ? 'sell' : 'muted'}`}>{t ? percent(t.changePct) : ''}</span>
              <span class="num muted">{t ? compact(t.volume, 2) : ''}</span>
            </div>
          );
        })}
      </div>
    </section>
  );
}
