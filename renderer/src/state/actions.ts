/**
 * Every action a trader can take, by id: the keymap binds keys to ids, the command palette lists them, and
 * panels register the ones they implement. One registry, so a key and a palette entry can never disagree.
 */
import { signal } from '@preact/signals';

export interface Action {
  /** Stable id used in the persisted keymap, e.g. "ticket.buy". */
  id: string;
  /** What the palette and the keymap editor show, e.g. "Buy: open the ticket at the best ask". */
  title: string;
  /** Default key chord, e.g. "b", "Mod+Shift+X" (Mod = Ctrl, or Cmd on macOS); null for palette-only. */
  defaultKey: string | null;
  run(): void;
}

export const actions = signal<ReadonlyMap<string, Action>>(new Map());

/** Registers a panel's actions; returns the function that removes them (call it on unmount). */
export function registerActions(list: Action[]): () => void {
  const next = new Map(actions.value);
  for (const a of list) next.set(a.id, a);
  actions.value = next;
  return () => {
    const after = new Map(actions.value);
    for (const a of list) if (after.get(a.id) === a) after.delete(a.id);
    actions.value = after;
  };
}

export function runAction(id: string): boolean {
  const action = actions.value.get(id);
  if (!action) return false;
  action.run();
  return true;
}
