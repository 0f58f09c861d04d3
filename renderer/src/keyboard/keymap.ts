/**
 * The effective keymap: each action's default chord, overridden by the user's saved choices. Pure functions over
 * plain data, so the rules (what wins, what conflicts) are unit-tested without a DOM.
 */
import { normaliseChord } from './chord';

/** What the keymap needs to know about an action. */
export interface Bindable {
  id: string;
  title: string;
  defaultKey: string | null;
}

/** Saved overrides: action id -> chord; "" means "deliberately unbound". */
export type KeymapOverrides = Readonly<Record<string, string>>;

export interface Binding {
  actionId: string;
  title: string;
  /** Canonical chord, or null when unbound. */
  chord: string | null;
  defaultChord: string | null;
  /** True when the user changed it from the default. */
  custom: boolean;
}

/** Two or more actions on one chord: only the first (in registration order) fires. */
export interface Conflict {
  chord: string;
  actionIds: string[];
}

export interface Keymap {
  bindings: Binding[];
  /** chord -> action id of the action that fires. */
  byChord: ReadonlyMap<string, string>;
  conflicts: Conflict[];
}

export function buildKeymap(actions: Iterable<Bindable>, overrides: KeymapOverrides, isMac = false): Keymap {
  const bindings: Binding[] = [];
  const claims = new Map<string, string[]>();
  for (const a of actions) {
    const defaultChord = a.defaultKey ? normaliseChord(a.defaultKey, isMac) : null;
    const saved = overrides[a.id];
    const chord = saved === undefined ? defaultChord : saved === '' ? null : normaliseChord(saved, isMac);
    bindings.push({
      actionId: a.id,
      title: a.title,
      chord,
      defaultChord,
      custom: saved !== undefined && chord !== defaultChord,
    });
    if (chord) claims.set(chord, [...(claims.get(chord) ?? []), a.id]);
  }
  const byChord = new Map<string, string>();
  const conflicts: Conflict[] = [];
  for (const [chord, ids] of claims) {
    const first = ids[0];
    if (first !== undefined) byChord.set(chord, first);
    if (ids.length > 1) conflicts.push({ chord, actionIds: ids });
  }
  return { bindings, byChord, conflicts };
}

/**
 * The overrides after binding `actionId` to `chord` (null = unbind). A binding equal to the default is stored as
 * no override at all, so a later change of defaults reaches users who never customised that action.
 * `displace` lists actions that lose the chord (they become unbound) — the caller decides after a conflict.
 */
export function rebind(
  overrides: KeymapOverrides,
  actions: Iterable<Bindable>,
  actionId: string,
  chord: string | null,
  displace: readonly string[] = [],
  isMac = false,
): Record<string, string> {
  const byId = new Map([...actions].map((a) => [a.id, a]));
  const next: Record<string, string> = { ...overrides };
  const set = (id: string, value: string | null) => {
    const def = byId.get(id)?.defaultKey;
    const defChord = def ? normaliseChord(def, isMac) : null;
    if (value === defChord) delete next[id];
    else next[id] = value ?? '';
  };
  set(actionId, chord ? normaliseChord(chord, isMac) : null);
  for (const other of displace) if (other !== actionId) set(other, null);
  return next;
}

/** The actions (other than `actionId`) that already hold `chord` in this keymap. */
export function holdersOf(keymap: Keymap, chord: string, actionId: string): string[] {
  return keymap.bindings.filter((b) => b.chord === chord && b.actionId !== actionId).map((b) => b.actionId);
}
