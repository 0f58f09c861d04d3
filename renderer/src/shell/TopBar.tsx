import { AccountSwitcher } from '../accounts/AccountSwitcher';
import { displayChord } from '../keyboard/chord';
import { chordOf, isMac } from '../keyboard/keymap-state';
import { keymapOpen, paletteOpen } from '../keyboard/ui-state';
import { selectedPair, settings, tickers } from '../state/store';
import { LayoutMenu } from './LayoutMenu';
import { updateSettings } from './settings-sync';

function KeyHint({ action }: { action: string }) {
  const chord = chordOf.value.get(action);
  return chord ? <kbd>{displayChord(chord, isMac.value)}</kbd> : null;
}

/** The selected pair with its last price and 24h change, always in view. */
function PairHeadline() {
  const pair = selectedPair.value;
  const t = tickers.value[pair];
  const down = t?.changePct.startsWith('-') ?? false;
  const flat = !t || /^-?0*(\.0*)?$/.test(t.changePct);
  const tone = flat ? 'muted' : down ? 'sell' : 'buy';
  return (
    <div class="headline" data-testid="pair-headline">
      <span class="headline-pair">{pair.replace('_', ' / ')}</span>
      <span class={`headline-last num ${tone}`} data-testid="last-price">
        {t?.last ?? '—'}
      </span>
      {t && (
        <span class={`num ${tone}`}>
          {down || flat ? '' : '+'}
          {t.changePct}%
        </span>
      )}
      {t && (
        <span class="muted headline-range num">
          H {t.high} · L {t.low} · Vol {t.volume}
        </span>
      )}
    </div>
  );
}

export function TopBar() {
  const s = settings.value;
  return (
    <header class="topbar">
      <span class="brand" aria-hidden="true">
        ALP
      </span>
      <AccountSwitcher />
      <PairHeadline />
      <span class="spacer" />
      <LayoutMenu />
      <button type="button" class="btn tb-btn" onClick={() => (paletteOpen.value = true)} title="Command palette">
        Commands <KeyHint action="palette.open" />
      </button>
      <button type="button" class="btn tb-btn" onClick={() => (keymapOpen.value = true)} title="Keyboard shortcuts">
        Keys <KeyHint action="keymap.show" />
      </button>
      <button
        type="button"
        class="btn tb-btn"
        data-testid="theme-toggle"
        aria-pressed={s?.theme === 'light'}
        onClick={() => void updateSettings({ theme: s?.theme === 'light' ? 'dark' : 'light' })}
        title="Switch between the dark and the light theme"
      >
        {s?.theme === 'light' ? '☀ Light' : '☾ Dark'}
      </button>
      <label class="tb-check" title="Blue/orange instead of green/red for buy/sell">
        <input
          type="checkbox"
          data-testid="colorblind-toggle"
          checked={s?.colorblind ?? false}
          onChange={(e) => void updateSettings({ colorblind: e.currentTarget.checked })}
        />
        Color-blind palette
      </label>
    </header>
  );
}
