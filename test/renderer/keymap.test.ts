import { describe, expect, it } from 'vitest';
import { type Bindable, buildKeymap, holdersOf, rebind } from '../../renderer/src/keyboard/keymap';

const actions: Bindable[] = [
  { id: 'ticket.buy', title: 'Buy', defaultKey: 'b' },
  { id: 'ticket.sell', title: 'Sell', defaultKey: 's' },
  { id: 'orders.cancelAll', title: 'Cancel all', defaultKey: 'Mod+Shift+X' },
  { id: 'palette.open', title: 'Palette', defaultKey: 'Mod+K' },
  { id: 'theme.toggle', title: 'Theme', defaultKey: null },
];

describe('buildKeymap', () => {
  it('uses each action’s default key in canonical form', () => {
    const km = buildKeymap(actions, {});
    expect(km.byChord.get('B')).toBe('ticket.buy');
    expect(km.byChord.get('Mod+Shift+X')).toBe('orders.cancelAll');
    expect(km.bindings.find((b) => b.actionId === 'theme.toggle')?.chord).toBeNull();
    expect(km.conflicts).toEqual([]);
  });

  it('lets saved overrides win over defaults, and "" unbind', () => {
    const km = buildKeymap(actions, { 'ticket.buy': 'ctrl+b', 'ticket.sell': '', 'theme.toggle': 'Mod+Shift+L' });
    expect(km.byChord.get('Mod+B')).toBe('ticket.buy');
    expect(km.byChord.has('B')).toBe(false);
    expect(km.byChord.has('S')).toBe(false);
    expect(km.byChord.get('Mod+Shift+L')).toBe('theme.toggle');
    const buy = km.bindings.find((b) => b.actionId === 'ticket.buy');
    expect(buy).toMatchObject({ chord: 'Mod+B', defaultChord: 'B', custom: true });
  });

  it('reports two actions on one chord; the first registered keeps it', () => {
    const km = buildKeymap(actions, { 'ticket.sell': 'B' });
    expect(km.conflicts).toEqual([{ chord: 'B', actionIds: ['ticket.buy', 'ticket.sell'] }]);
    expect(km.byChord.get('B')).toBe('ticket.buy');
  });

  it('ignores saved overrides for actions that are not registered (yet)', () => {
    const km = buildKeymap(actions, { 'chart.zoomIn': '+' });
    expect(km.byChord.has('+')).toBe(false);
    expect(km.bindings).toHaveLength(actions.length);
  });
});

describe('rebind', () => {
  it('stores a changed chord and drops an override equal to the default', () => {
    const once = rebind({}, actions, 'ticket.buy', 'Mod+B');
    expect(once).toEqual({ 'ticket.buy': 'Mod+B' });
    expect(rebind(once, actions, 'ticket.buy', 'b')).toEqual({});
  });

  it('unbinds with null', () => {
    expect(rebind({}, actions, 'ticket.sell', null)).toEqual({ 'ticket.sell': '' });
  });

  it('displaces the actions holding the chord when asked, leaving no conflict', () => {
    const before = buildKeymap(actions, {});
    expect(holdersOf(before, 'S', 'ticket.buy')).toEqual(['ticket.sell']);
    const next = rebind({}, actions, 'ticket.buy', 's', holdersOf(before, 'S', 'ticket.buy'));
    expect(next).toEqual({ 'ticket.buy': 'S', 'ticket.sell': '' });
    const after = buildKeymap(actions, next);
    expect(after.conflicts).toEqual([]);
    expect(after.byChord.get('S')).toBe('ticket.buy');
  });

  it('does not count the action itself as a holder of its own chord', () => {
    expect(holdersOf(buildKeymap(actions, {}), 'B', 'ticket.buy')).toEqual([]);
  });
});
