import { useEffect, useState } from 'preact/hooks';
import { updateSettings } from '../shell/settings-sync';
import { Modal } from '../shell/Modal';
import { actions } from '../state/actions';
import { settings } from '../state/store';
import { chordFromEvent, displayChord } from './chord';
import { holdersOf, rebind } from './keymap';
import { isMac, keymap } from './keymap-state';
import { keymapOpen } from './ui-state';
import './keyboard.css';

interface PendingConflict {
  actionId: string;
  chord: string;
  holders: string[];
}

function titleOf(id: string): string {
  return actions.value.get(id)?.title ?? id;
}

function saveKeymap(next: Record<string, string>) {
  void updateSettings({ keymap: next }, { immediate: true });
}

/** `?`: every action and its key. Pick a row, press the new chord; conflicts are named; reset restores defaults. */
export function KeymapOverlay() {
  const [capturing, setCapturing] = useState<string | null>(null);
  const [conflict, setConflict] = useState<PendingConflict | null>(null);
  const km = keymap.value;
  const mac = isMac.value;
  const overrides = settings.value?.keymap ?? {};

  function apply(actionId: string, chord: string | null, displace: string[] = []) {
    saveKeymap(rebind(overrides, actions.value.values(), actionId, chord, displace, mac));
    setConflict(null);
    setCapturing(null);
  }

  // While waiting for the new chord, every key goes to the editor (capture phase, before the dialog's own Esc).
  useEffect(() => {
    if (!capturing) return;
    const onKey = (e: KeyboardEvent) => {
      e.preventDefault();
      e.stopPropagation();
      if (e.key === 'Escape') {
        setCapturing(null);
        return;
      }
      if (e.key === 'Backspace' || e.key === 'Delete') {
        apply(capturing, null);
        return;
      }
      const chord = chordFromEvent(e, mac);
      if (!chord || chord === 'Tab' || chord === 'Shift+Tab') return;
      const holders = holdersOf(km, chord, capturing);
      if (holders.length > 0) {
        setConflict({ actionId: capturing, chord, holders });
        setCapturing(null);
      } else apply(capturing, chord);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [capturing, km, overrides]);

  return (
    <Modal title="Keyboard shortcuts" onClose={() => (keymapOpen.value = false)} class="keymap" testId="keymap">
      <div class="modal-head">
        <span>Keyboard shortcuts</span>
        <span class="muted">Select a row and press Enter to change its key · Esc closes</span>
      </div>
      <div class="modal-body">
        {km.conflicts.length > 0 && (
          <p role="alert" class="field-error">
            {km.conflicts
              .map(
                (c) =>
                  `${displayChord(c.chord, mac)} is bound to ${c.actionIds.map(titleOf).join(' and ')}; only the first one runs.`,
              )
              .join(' ')}
          </p>
        )}
        {conflict && (
          <div role="alert" class="keymap-conflict" data-testid="keymap-conflict">
            <span>
              <kbd>{displayChord(conflict.chord, mac)}</kbd> is already used by “
              {conflict.holders.map(titleOf).join('”, “')}”.
            </span>
            <button
              type="button"
              class="btn danger"
              onClick={() => apply(conflict.actionId, conflict.chord, conflict.holders)}
            >
              Use it here (unbind the other)
            </button>
            <button type="button" class="btn" onClick={() => setConflict(null)}>
              Keep both as they were
            </button>
          </div>
        )}
        <table class="keymap-table">
          <thead>
            <tr>
              <th>Action</th>
              <th>Key</th>
            </tr>
          </thead>
          <tbody>
            {km.bindings.map((b) => (
              <tr key={b.actionId} data-action={b.actionId}>
                <td>
                  <button
                    type="button"
                    class="keymap-row"
                    aria-label={`${b.title}: ${b.chord ? displayChord(b.chord, mac) : 'no key'}. Press Enter to change.`}
                    onClick={() => {
                      setConflict(null);
                      setCapturing(b.actionId);
                    }}
                  >
                    {b.title}
                  </button>
                </td>
                <td class="keymap-key">
                  {capturing === b.actionId ? (
                    <span class="keymap-capture" aria-live="polite">
                      Press a key… (Esc cancels, Backspace removes)
                    </span>
                  ) : b.chord ? (
                    <kbd>{displayChord(b.chord, mac)}</kbd>
                  ) : (
                    <span class="muted">none</span>
                  )}
                  {b.custom && (
                    <span
                      class="muted keymap-custom"
                      title={`Default: ${b.defaultChord ? displayChord(b.defaultChord, mac) : 'none'}`}
                    >
                      {' '}
                      (changed)
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="modal-foot">
        <button type="button" class="btn" disabled={Object.keys(overrides).length === 0} onClick={() => saveKeymap({})}>
          Reset all to defaults
        </button>
        <button type="button" class="btn primary" onClick={() => (keymapOpen.value = false)}>
          Close
        </button>
      </div>
    </Modal>
  );
}
