/**
 * Key chords as strings: "Mod+Shift+X", "B", "?", "Escape". `Mod` is Ctrl, or Cmd on macOS, so one keymap
 * serves every platform. Chords are normalised (fixed modifier order, letters upper-case) so a keymap lookup is a
 * plain string comparison.
 */

/** Modifier order in a canonical chord. `Ctrl` only appears on macOS (where Mod is Cmd), `Meta` only elsewhere. */
const MODIFIERS = ['Mod', 'Ctrl', 'Meta', 'Alt', 'Shift'] as const;
type Modifier = (typeof MODIFIERS)[number];

const ALIASES: Record<string, string> = {
  esc: 'Escape',
  escape: 'Escape',
  enter: 'Enter',
  return: 'Enter',
  space: 'Space',
  ' ': 'Space',
  tab: 'Tab',
  up: 'ArrowUp',
  down: 'ArrowDown',
  left: 'ArrowLeft',
  right: 'ArrowRight',
  arrowup: 'ArrowUp',
  arrowdown: 'ArrowDown',
  arrowleft: 'ArrowLeft',
  arrowright: 'ArrowRight',
  del: 'Delete',
  delete: 'Delete',
  backspace: 'Backspace',
  home: 'Home',
  end: 'End',
  pageup: 'PageUp',
  pagedown: 'PageDown',
  plus: '+',
};

const MODIFIER_ALIASES: Record<string, Modifier> = {
  mod: 'Mod',
  cmdorctrl: 'Mod',
  ctrl: 'Ctrl',
  control: 'Ctrl',
  meta: 'Meta',
  cmd: 'Meta',
  command: 'Meta',
  alt: 'Alt',
  option: 'Alt',
  shift: 'Shift',
};

export interface ParsedChord {
  mods: ReadonlySet<Modifier>;
  key: string;
}

function normaliseKey(raw: string): string {
  const alias = ALIASES[raw.toLowerCase()] ?? (raw === ' ' ? 'Space' : undefined);
  if (alias) return alias;
  if (raw.length === 1) return raw.toUpperCase();
  if (/^f\d{1,2}$/i.test(raw)) return raw.toUpperCase();
  return raw;
}

function format(mods: ReadonlySet<Modifier>, key: string): string {
  return [...MODIFIERS.filter((m) => mods.has(m)), key].join('+');
}

/**
 * Parses a chord written by a person or read from settings; returns null when it is not a chord.
 * `isMac` resolves the platform-specific names: on macOS "Cmd" is Mod, elsewhere "Ctrl" is Mod.
 */
export function parseChord(text: string, isMac = false): ParsedChord | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  // The key itself may be "+" ("Mod++"): split off the last token by hand.
  let keyPart: string;
  let modPart: string;
  if (trimmed.endsWith('++')) {
    keyPart = '+';
    modPart = trimmed.slice(0, -2);
  } else if (trimmed === '+') {
    keyPart = '+';
    modPart = '';
  } else {
    const at = trimmed.lastIndexOf('+');
    keyPart = trimmed.slice(at + 1);
    modPart = at < 0 ? '' : trimmed.slice(0, at);
  }
  if (!keyPart) return null;
  const mods = new Set<Modifier>();
  for (const token of modPart ? modPart.split('+') : []) {
    let mod = MODIFIER_ALIASES[token.trim().toLowerCase()];
    if (!mod) return null;
    // One keymap for all platforms: the platform's primary modifier is always written "Mod".
    if ((mod === 'Meta' && isMac) || (mod === 'Ctrl' && !isMac)) mod = 'Mod';
    mods.add(mod);
  }
  if (MODIFIER_ALIASES[keyPart.toLowerCase()]) return null; // "Ctrl" alone is not a chord
  return { mods, key: normaliseKey(keyPart) };
}

/** The canonical form of a chord ("ctrl+shift+x" -> "Mod+Shift+X"), or null when it does not parse. */
export function normaliseChord(text: string, isMac = false): string | null {
  const parsed = parseChord(text, isMac);
  return parsed ? format(parsed.mods, parsed.key) : null;
}

/** The subset of KeyboardEvent a chord is read from (so it is testable without a DOM). */
export interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const MODIFIER_KEYS = new Set([
  'Control',
  'Shift',
  'Alt',
  'Meta',
  'AltGraph',
  'CapsLock',
  'OS',
  'Dead',
  'Unidentified',
  'Process',
]);

/**
 * The canonical chord of a key press, or null for a lone modifier. Letters and digits keep Shift explicit
 * ("Shift+B"); other printable characters already encode Shift ("?" is Shift+/ on many layouts), so it is dropped.
 * With Mod/Alt held, letters come from the physical key code, since Alt on macOS turns "x" into "≈".
 */
export function chordFromEvent(e: KeyLike, isMac = false): string | null {
  if (MODIFIER_KEYS.has(e.key)) return null;
  const mods = new Set<Modifier>();
  if (isMac ? e.metaKey : e.ctrlKey) mods.add('Mod');
  if (isMac && e.ctrlKey) mods.add('Ctrl');
  if (!isMac && e.metaKey) mods.add('Meta');
  if (e.altKey) mods.add('Alt');
  const letter = /^Key([A-Z])$/.exec(e.code)?.[1];
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(e.code)?.[1];
  let key: string;
  if (letter && (mods.has('Mod') || mods.has('Ctrl') || mods.has('Alt'))) key = letter;
  else if (digit && (mods.size > 0 || e.shiftKey)) key = digit;
  else key = normaliseKey(e.key);
  const printable = key.length === 1 && !/^[A-Z0-9]$/.test(key);
  if (e.shiftKey && !printable) mods.add('Shift');
  return format(mods, key);
}

/** True when the chord carries a command modifier (so it may fire while the user is typing into a field). */
export function hasCommandModifier(chord: string): boolean {
  return /(^|\+)(Mod|Ctrl|Meta|Alt)\+/.test(chord);
}

/** Whether a chord may fire while the user types into a field: command chords and Escape only. */
export function firesWhileTyping(chord: string): boolean {
  return hasCommandModifier(chord) || chord === 'Escape';
}

/** How a chord reads on screen: "Mod+Shift+X" -> "Ctrl+Shift+X", or "⌘⇧X" on macOS. */
export function displayChord(chord: string, isMac = false): string {
  const parsed = parseChord(chord, isMac);
  if (!parsed) return chord;
  const names: Record<Modifier, string> = isMac
    ? { Mod: '⌘', Ctrl: '⌃', Meta: '⌘', Alt: '⌥', Shift: '⇧' }
    : { Mod: 'Ctrl', Ctrl: 'Ctrl', Meta: 'Win', Alt: 'Alt', Shift: 'Shift' };
  const keyNames: Record<string, string> = isMac
    ? { Escape: 'Esc', ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→', Enter: '↩' }
    : { Escape: 'Esc', ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→' };
  const parts = MODIFIERS.filter((m) => parsed.mods.has(m)).map((m) => names[m]);
  parts.push(keyNames[parsed.key] ?? parsed.key);
  return parts.join(isMac ? '' : '+');
}

/** Whether this platform's primary modifier is Cmd. */
export function detectMac(platform: string | undefined = globalThis.navigator?.platform): boolean {
  return /mac|iphone|ipad|darwin/i.test(platform ?? '');
}
