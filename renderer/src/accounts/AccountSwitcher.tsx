import { useEffect, useRef, useState } from 'preact/hooks';
import { displayChord } from '../keyboard/chord';
import { chordOf, isMac } from '../keyboard/keymap-state';
import { activeProfile, appInfo, profiles } from '../state/store';
import { openAccountsDialog } from './dialog-state';
import { activateEntry, loadSubaccounts } from './profile-actions';
import { SUBACCOUNT_BALANCES_NOTE, subaccountsByProfile, tradingAccount } from './trading-account';
import './accounts.css';

function venueLabel(kind: string): string {
  return appInfo.value?.venues.find((v) => v.kind === kind)?.name ?? (kind === 'alp' ? 'ALP.COM' : 'Paper');
}

/**
 * The active profile, always visible as a colored chip with its label; opens a menu of every profile with its
 * switch key, plus add/edit. The chip's color is the profile's, so a trader never mistakes live for paper.
 */
export function AccountSwitcher() {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const state = profiles.value;
  const active = activeProfile.value;
  const chords = chordOf.value;
  const sub = tradingAccount.value;
  let line = 0;

  // Subaccounts are read when the menu opens (one private call per profile) and once at start, for Ctrl+digits.
  useEffect(() => {
    void loadSubaccounts();
  }, [state?.profiles.length]);
  useEffect(() => {
    if (open) void loadSubaccounts();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    menu.current?.querySelector<HTMLElement>('[aria-checked="true"]')?.focus();
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  function onMenuKey(e: KeyboardEvent) {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
    else if (e.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
    else if (e.key === 'Home') items[0]?.focus();
    else if (e.key === 'End') items[items.length - 1]?.focus();
    else if (e.key === 'Escape' || e.key === 'Tab') {
      setOpen(false);
      if (e.key === 'Escape') root.current?.querySelector<HTMLElement>('.switcher-chip')?.focus();
      if (e.key === 'Tab') return;
    } else return;
    e.preventDefault();
    e.stopPropagation();
  }

  const close = (then?: () => void) => {
    setOpen(false);
    root.current?.querySelector<HTMLElement>('.switcher-chip')?.focus();
    then?.();
  };

  return (
    <div class="switcher" ref={root}>
      <button
        type="button"
        class="switcher-chip"
        data-testid="account-switcher"
        aria-haspopup="menu"
        aria-expanded={open}
        title="Switch profile"
        style={{ borderColor: active?.color }}
        onClick={() => setOpen(!open)}
      >
        <span class="chip-dot" style={{ background: active?.color }} />
        <span class="chip-label" data-testid="active-profile-label">
          {active?.label ?? 'No profile'}
        </span>
        {sub && (
          <span class="chip-sub" data-testid="active-subaccount">
            › {sub.name}
          </span>
        )}
        {active && <span class="chip-venue">{venueLabel(active.venue)}</span>}
        <span class="chip-caret" aria-hidden="true">
          ▾
        </span>
      </button>
      {open && state && (
        <div class="switcher-menu" role="menu" aria-label="Profiles" ref={menu} onKeyDown={onMenuKey}>
          {state.warning && (
            <p class="switcher-warning" role="alert">
              {state.warning}
            </p>
          )}
          {state.profiles.map((p) => {
            const subs = subaccountsByProfile.value[p.id] ?? [];
            const chord = chords.get(`profile.switch.${line + 1}`);
            line++;
            const ownActive = p.id === state.activeId && sub === null;
            return (
              <div class="switcher-group" key={p.id}>
                <div class="switcher-row">
                  <button
                    type="button"
                    role="menuitemradio"
                    aria-checked={ownActive}
                    class="switcher-item"
                    data-profile-id={p.id}
                    onClick={() => close(() => void activateEntry({ profileId: p.id, subaccount: null }))}
                  >
                    <span class="chip-dot" style={{ background: p.color }} />
                    <span class="item-label">{p.label}</span>
                    <span class="muted">{venueLabel(p.venue)}</span>
                    {p.builtIn && <span class="badge">built-in</span>}
                    {!p.hasSecret && (
                      <span class="badge warn" title="The secret is missing from the keychain">
                        no secret
                      </span>
                    )}
                    <span class="spacer" />
                    {chord && <kbd>{displayChord(chord, isMac.value)}</kbd>}
                  </button>
                  <button
                    type="button"
                    role="menuitem"
                    class="switcher-edit"
                    aria-label={`Edit ${p.label}`}
                    title="Edit, verify, replace secret, remove"
                    onClick={() => close(() => openAccountsDialog({ kind: 'edit', id: p.id }))}
                  >
                    ✎
                  </button>
                </div>
                {subs.map((a) => {
                  const subChord = chords.get(`profile.switch.${line + 1}`);
                  line++;
                  return (
                    <div class="switcher-row switcher-sub" key={a.id}>
                      <button
                        type="button"
                        role="menuitemradio"
                        aria-checked={p.id === state.activeId && sub?.id === a.id}
                        class="switcher-item"
                        data-profile-id={p.id}
                        data-subaccount-id={a.id}
                        data-testid="switcher-subaccount"
                        onClick={() => close(() => void activateEntry({ profileId: p.id, subaccount: a }))}
                      >
                        <span class="sub-branch" aria-hidden="true">
                          └
                        </span>
                        <span class="item-label">{a.name}</span>
                        <span class="muted">subaccount #{a.id}</span>
                        <span class="spacer" />
                        {subChord && <kbd>{displayChord(subChord, isMac.value)}</kbd>}
                      </button>
                    </div>
                  );
                })}
                {subs.length > 0 && (
                  <p class="switcher-sub-note muted" data-testid="subaccount-balances-note">
                    {SUBACCOUNT_BALANCES_NOTE}
                  </p>
                )}
              </div>
            );
          })}
          <button
            type="button"
            role="menuitem"
            class="switcher-add"
            onClick={() => close(() => openAccountsDialog({ kind: 'add' }))}
          >
            + Add profile…
          </button>
        </div>
      )}
    </div>
  );
}
