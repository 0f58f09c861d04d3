/** The algo ticket's text fields to a definition (renderer/src/algos/definition.ts): what is sent, what is refused. */
import { describe, expect, it } from 'vitest';
import { buildDefinition } from '../../renderer/src/algos/definition';
import { fieldText, optionalPercent, optionalText } from '../../renderer/src/algos/field-values';
import { pick } from '../../renderer/src/shell/choices';

const build = (type: Parameters<typeof buildDefinition>[0], fields: Record<string, string>) =>
  buildDefinition(type, 'BTC_USD', 'buy', fields);

describe('algo ticket definition', () => {
  it('builds a TWAP with trimmed values, seconds to ms, percent to a fraction, and leaves empty optionals out', () => {
    expect(build('twap', { total: ' 0.03 ', duration: '1.5', slices: '3', randomize: '10' })).toEqual({
      ok: true,
      definition: {
        type: 'twap',
        pair: 'BTC_USD',
        side: 'buy',
        total: '0.03',
        durationMs: 1500,
        slices: 3,
        randomize: 0.1,
      },
    });
    const full = build('twap', { total: '1', duration: '60', slices: '2', priceLimit: ' 61000 ', randomize: '' });
    expect(full.ok && full.definition).toEqual({
      type: 'twap',
      pair: 'BTC_USD',
      side: 'buy',
      total: '1',
      durationMs: 60_000,
      slices: 2,
      priceLimit: '61000',
    });
  });

  it('builds an iceberg, an OCO, a bracket and a trailing stop', () => {
    expect(build('iceberg', { total: '2', visible: '0.5', price: '60000', variance: '' })).toEqual({
      ok: true,
      definition: { type: 'iceberg', pair: 'BTC_USD', side: 'buy', total: '2', visible: '0.5', price: '60000' },
    });
    expect(build('iceberg', { total: '2', visible: '0.5', price: '60000', variance: '25' })).toMatchObject({
      definition: { variance: 0.25 },
    });
    expect(build('oco', { amount: '1', takeProfit: '62000', stop: '59000', stopLimit: '58900' })).toEqual({
      ok: true,
      definition: {
        type: 'oco',
        pair: 'BTC_USD',
        side: 'buy',
        amount: '1',
        takeProfit: '62000',
        stop: '59000',
        stopLimit: '58900',
      },
    });
    expect(build('bracket', { amount: '1', entryPrice: ' ', takeProfit: '62000', stop: '59000' })).toEqual({
      ok: true,
      definition: { type: 'bracket', pair: 'BTC_USD', side: 'buy', amount: '1', takeProfit: '62000', stop: '59000' },
    });
    expect(build('bracket', { amount: '1', entryPrice: '60000', takeProfit: '62000', stop: '59000' })).toMatchObject({
      definition: { entryPrice: '60000' },
    });
    expect(
      buildDefinition(
        'trailing',
        'ETH_USD',
        'sell',
        { amount: '1', distance: '2' },
        { distanceKind: 'percent', fire: 'limit' },
      ),
    ).toEqual({
      ok: true,
      definition: {
        type: 'trailing',
        pair: 'ETH_USD',
        side: 'sell',
        amount: '1',
        distance: '2',
        distanceKind: 'percent',
        fire: 'limit',
      },
    });
    expect(build('trailing', { amount: '1', distance: '2' })).toMatchObject({
      definition: { distanceKind: 'price', fire: 'market' },
    });
  });

  it('names the first wrong field: missing, not a plain positive decimal, or slices not whole', () => {
    expect(build('twap', { duration: '60', slices: '3' })).toEqual({
      ok: false,
      field: 'total',
      message: 'Total is required.',
    });
    for (const bad of ['-1', '1e3', '.5', '01', '1.', 'abc']) {
      expect(build('oco', { amount: '1', takeProfit: bad, stop: '59000' })).toEqual({
        ok: false,
        field: 'takeProfit',
        message: 'Take-profit must be a number like 0.05.',
      });
    }
    expect(build('oco', { amount: '1', takeProfit: '62000', stop: '59000', stopLimit: 'x' })).toMatchObject({
      field: 'stopLimit',
    });
    expect(build('twap', { total: '1', duration: '60', slices: '2.5' })).toEqual({
      ok: false,
      field: 'slices',
      message: 'Slices must be a whole number.',
    });
  });

  it('sends a text field trimmed, and an empty optional field not at all', () => {
    expect(fieldText('  60500 ')).toBe('60500');
    expect(fieldText(undefined)).toBe('');
    expect(optionalText('note', ' take profit ')).toEqual({ note: 'take profit' });
    expect(optionalText('note', '   ')).toEqual({});
    expect(optionalText('note', undefined)).toEqual({});
    expect(optionalPercent('variance', ' 12.5 ')).toEqual({ variance: 0.125 });
    expect(optionalPercent('variance', '')).toEqual({});
  });

  it('takes only a select’s own options, else the fallback', () => {
    expect(pick('above', ['crossing', 'above', 'below'], 'crossing')).toBe('above');
    expect(pick('sideways', ['crossing', 'above', 'below'], 'crossing')).toBe('crossing');
  });
});
