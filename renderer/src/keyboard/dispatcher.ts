/**
 * The one global key listener: a key press becomes a chord, the keymap names the action, the registry runs it.
 * It listens in the bubble phase and skips events a component already handled (defaultPrevented), so a field's
 * own keys (the ticket's arrows, Enter, Esc) win over global ones.
 */
import { runAction } from '../state/actions';
import { chordFromEvent, firesWhileTyping } from './chord';
import { isMac, keymap } from './keymap-state';
import { modalActive } from './ui-state';

/** True when the event's target takes typed text, where plain letters are text, not commands. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(target.type);
  }
  return false;
}

export function handleKeydown(e: KeyboardEvent): void {
  if (e.defaultPrevented || e.isComposing || modalActive.value) return;
  const chord = chordFromEvent(e, isMac.value);
  if (!chord) return;
  if (isTypingTarget(e.target) && !firesWhileTyping(chord)) return;
  const actionId = keymap.value.byChord.get(chord);
  if (!actionId) return;
  // Holding a key must not cancel orders twenty times.
  if (e.repeat) {
    e.preventDefault();
    return;
  }
  e.preventDefault();
  runAction(actionId);
}

/** Installs the listener; returns the function that removes it. */
export function installKeyDispatcher(target: Window = window): () => void {
  target.addEventListener('keydown', handleKeydown);
  return () => target.removeEventListener('keydown', handleKeydown);
}
