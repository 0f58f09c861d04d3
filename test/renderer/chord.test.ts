import { describe, expect, it } from 'vitest';
import {
  chordFromEvent,
  detectMac,
  displayChord,
  firesWhileTyping,
  type KeyLike,
  normaliseChord,
  parseChord,
} from '../../renderer/src/keyboard/chord';

function key(k: string, code: string, mods: Partial<Omit<KeyLike, 'key' | 'code'>> = {}): KeyLike {
  return { key: k, code, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods };
}

describe('parseChord / normaliseChord', () => {
  it('writes modifiers in a fixed order and letters upper-case', () => {
    expect(normaliseChord('shift+mod+x')).toBe('Mod+Shift+X');
    expect(normaliseChord('b')).toBe('B');
    expect(normaliseChord('Mod+Shift+X')).toBe('Mod+Shift+X');
    expect(normaliseChord(' alt + shift + f5 '.replace(/ /g, ''))).toBe('Alt+Shift+F5');
  });

  it('maps the platform primary modifier to Mod: Ctrl elsewhere, Cmd on macOS', () => {
    expect(normaliseChord('Ctrl+K', false)).toBe('Mod+K');
    expect(normaliseChord('Cmd+K', true)).toBe('Mod+K');
    expect(normaliseChord('Ctrl+K', true)).toBe('Ctrl+K');
    expect(normaliseChord('Cmd+K', false)).toBe('Meta+K');
  });

  it('reads key aliases and punctuation, including "+" itself', () => {
    expect(normaliseChord('esc')).toBe('Escape');
    expect(normaliseChord('Mod+up')).toBe('Mod+ArrowUp');
    expect(normaliseChord('?')).toBe('?');
    expect(normaliseChord('/')).toBe('/');
    expect(normaliseChord('Mod++')).toBe('Mod++');
    expect(normaliseChord('space')).toBe('Space');
  });

  it('rejects what is not a chord', () => {
    expect(parseChord('')).toBeNull();
    expect(parseChord('Ctrl')).toBeNull();
    expect(parseChord('Hyper+K')).toBeNull();
    expect(parseChord('Mod+')).toBeNull();
  });
});

describe('chordFromEvent', () => {
  it('reads plain letters as upper-case without Shift, and Shift+letter with it', () => {
    expect(chordFromEvent(key('b', 'KeyB'))).toBe('B');
    expect(chordFromEvent(key('B', 'KeyB', { shiftKey: true }))).toBe('Shift+B');
  });

  it('drops Shift for punctuation that already encodes it ("?" is Shift+/)', () => {
    expect(chordFromEvent(key('?', 'Slash', { shiftKey: true }))).toBe('?');
    expect(chordFromEvent(key('/', 'Slash'))).toBe('/');
  });

  it('reads Ctrl chords as Mod on Windows/Linux and Cmd chords as Mod on macOS', () => {
    expect(chordFromEvent(key('k', 'KeyK', { ctrlKey: true }), false)).toBe('Mod+K');
    expect(chordFromEvent(key('k', 'KeyK', { metaKey: true }), true)).toBe('Mod+K');
    expect(chordFromEvent(key('k', 'KeyK', { ctrlKey: true }), true)).toBe('Ctrl+K');
    expect(chordFromEvent(key('X', 'KeyX', { ctrlKey: true, shiftKey: true }))).toBe('Mod+Shift+X');
  });

  it('takes letters from the physical key when Alt changes the character (macOS Option)', () => {
    expect(chordFromEvent(key('≈', 'KeyX', { altKey: true }), true)).toBe('Alt+X');
  });

  it('reads digits by key position, so Mod+Shift+1 is not Mod+!', () => {
    expect(chordFromEvent(key('2', 'Digit2', { ctrlKey: true }))).toBe('Mod+2');
    expect(chordFromEvent(key('!', 'Digit1', { ctrlKey: true, shiftKey: true }))).toBe('Mod+Shift+1');
    expect(chordFromEvent(key('1', 'Digit1'))).toBe('1');
  });

  it('keeps Shift on named keys and ignores a lone modifier', () => {
    expect(chordFromEvent(key('ArrowUp', 'ArrowUp', { shiftKey: true }))).toBe('Shift+ArrowUp');
    expect(chordFromEvent(key('Escape', 'Escape'))).toBe('Escape');
    expect(chordFromEvent(key('Shift', 'ShiftLeft', { shiftKey: true }))).toBeNull();
    expect(chordFromEvent(key('Control', 'ControlLeft', { ctrlKey: true }))).toBeNull();
  });

  it('produces exactly the canonical form of the default chords, so they match', () => {
    expect(chordFromEvent(key('k', 'KeyK', { ctrlKey: true }))).toBe(normaliseChord('Mod+K'));
    expect(chordFromEvent(key('?', 'Slash', { shiftKey: true }))).toBe(normaliseChord('?'));
    expect(chordFromEvent(key('s', 'KeyS'))).toBe(normaliseChord('s'));
  });
});

describe('typing guard and display', () => {
  it('lets only command chords and Escape through while typing into a field', () => {
    expect(firesWhileTyping('B')).toBe(false);
    expect(firesWhileTyping('/')).toBe(false);
    expect(firesWhileTyping('Shift+B')).toBe(false);
    expect(firesWhileTyping('Mod+K')).toBe(true);
    expect(firesWhileTyping('Alt+X')).toBe(true);
    expect(firesWhileTyping('Escape')).toBe(true);
  });

  it('shows chords the way the platform writes them', () => {
    expect(displayChord('Mod+Shift+X', false)).toBe('Ctrl+Shift+X');
    expect(displayChord('Mod+Shift+X', true)).toBe('⌘⇧X');
    expect(displayChord('Escape', false)).toBe('Esc');
  });

  it('detects macOS from the platform string', () => {
    expect(detectMac('MacIntel')).toBe(true);
    expect(detectMac('darwin')).toBe(true);
    expect(detectMac('linux')).toBe(false);
    expect(detectMac('Win32')).toBe(false);
  });
});
