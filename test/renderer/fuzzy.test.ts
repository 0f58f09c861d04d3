import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyScore } from '../../renderer/src/keyboard/fuzzy';

const titles = ['Chart: zoom out', 'Cancel all orders of the pair', 'Open the command palette', 'Switch to profile 2'];

describe('fuzzy', () => {
  it('matches characters in order, not necessarily adjacent', () => {
    expect(fuzzyScore('cao', 'Cancel all orders')).not.toBeNull();
    expect(fuzzyScore('oac', 'Cancel all orders')).toBeNull();
  });

  it('ranks word-start and consecutive matches first', () => {
    const hits = fuzzyFilter(titles, 'cancel', (t) => t).map((h) => h.item);
    expect(hits[0]).toBe('Cancel all orders of the pair');
    expect(fuzzyFilter(titles, 'prof 2', (t) => t)[0]?.item).toBe('Switch to profile 2');
  });

  it('keeps the input order for an empty query and reports matched positions', () => {
    expect(fuzzyFilter(titles, '', (t) => t).map((h) => h.item)).toEqual(titles);
    expect(fuzzyScore('zo', 'Chart: zoom out')?.positions).toEqual([7, 8]);
  });
});
