/**
 * Turns the algo ticket's text fields into an algo definition, or says which field is wrong. Only shape is
 * checked here (numbers present and positive); main checks everything again, and against the pair.
 */
import type { AlgoDefinition, AlgoType, Side } from '../../../preload/domain';

export type AlgoFields = Record<string, string>;

export const FIELDS: Record<AlgoType, { name: string; label: string; optional?: boolean; hint?: string }[]> = {
  twap: [
    { name: 'total', label: 'Total' },
    { name: 'duration', label: 'Duration (s)' },
    { name: 'slices', label: 'Slices' },
    { name: 'priceLimit', label: 'Price limit', optional: true, hint: 'empty = market slices' },
    { name: 'randomize', label: 'Randomise (%)', optional: true, hint: '0–50' },
  ],
  iceberg: [
    { name: 'total', label: 'Total' },
    { name: 'visible', label: 'Visible' },
    { name: 'price', label: 'Price' },
    { name: 'variance', label: 'Variance (%)', optional: true, hint: '0–50' },
  ],
  oco: [
    { name: 'amount', label: 'Amount' },
    { name: 'takeProfit', label: 'Take-profit' },
    { name: 'stop', label: 'Stop' },
    { name: 'stopLimit', label: 'Stop limit', optional: true, hint: 'empty = stop-market' },
  ],
  bracket: [
    { name: 'amount', label: 'Amount' },
    { name: 'entryPrice', label: 'Entry price', optional: true, hint: 'empty = market' },
    { name: 'takeProfit', label: 'Take-profit' },
    { name: 'stop', label: 'Stop' },
    { name: 'stopLimit', label: 'Stop limit', optional: true, hint: 'empty = stop-market' },
  ],
  trailing: [
    { name: 'amount', label: 'Amount' },
    { name: 'distance', label: 'Distance' },
  ],
};

const DEC = /^(0|[1-9]\d*)(\.\d+)?$/;

export type Built = { ok: true; definition: AlgoDefinition } | { ok: false; field: string; message: string };

export function buildDefinition(
  type: AlgoType,
  pair: string,
  side: Side,
  f: AlgoFields,
  trailing: { distanceKind: 'price' | 'percent'; fire: 'market' | 'limit' } = { distanceKind: 'price', fire: 'market' },
): Built {
  for (const spec of FIELDS[type]) {
    const v = (f[spec.name] ?? '').trim();
    if (v === '' && spec.optional) continue;
    if (v === '') return { ok: false, field: spec.name, message: `${spec.label} is required.` };
    if (!DEC.test(v)) return { ok: false, field: spec.name, message: `${spec.label} must be a number like 0.05.` };
  }
  const val = (name: string): string => (f[name] ?? '').trim();
  const opt = (name: string): string | undefined => (val(name) === '' ? undefined : val(name));
  const pct = (name: string): number | undefined => {
    const v = opt(name);
    return v === undefined ? undefined : Number(v) / 100;
  };
  switch (type) {
    case 'twap': {
      const seconds = Number(val('duration'));
      const slices = Number(val('slices'));
      if (!Number.isInteger(slices)) return { ok: false, field: 'slices', message: 'Slices must be a whole number.' };
      const priceLimit = opt('priceLimit');
      const randomize = pct('randomize');
      return {
        ok: true,
        definition: {
          type,
          pair,
          side,
          total: val('total'),
          durationMs: Math.round(seconds * 1000),
          slices,
          ...(priceLimit ? { priceLimit } : {}),
          ...(randomize !== undefined ? { randomize } : {}),
        },
      };
    }
    case 'iceberg': {
      const variance = pct('variance');
      return {
        ok: true,
        definition: {
          type,
          pair,
          side,
          total: val('total'),
          visible: val('visible'),
          price: val('price'),
          ...(variance !== undefined ? { variance } : {}),
        },
      };
    }
    case 'oco': {
      const stopLimit = opt('stopLimit');
      return {
        ok: true,
        definition: {
          type,
          pair,
          side,
          amount: val('amount'),
          takeProfit: val('takeProfit'),
          stop: val('stop'),
          ...(stopLimit ? { stopLimit } : {}),
        },
      };
    }
    case 'bracket': {
      const stopLimit = opt('stopLimit');
      const entryPrice = opt('entryPrice');
      return {
        ok: true,
        definition: {
          type,
          pair,
          side,
          amount: val('amount'),
          takeProfit: val('takeProfit'),
          stop: val('stop'),
          ...(entryPrice ? { entryPrice } : {}),
          ...(stopLimit ? { stopLimit } : {}),
        },
      };
    }
    case 'trailing':
      return {
        ok: true,
        definition: { type, pair, side, amount: val('amount'), distance: val('distance'), ...trailing },
      };
  }
}

/** The option of `options` a select reported, or the fallback (a select only reports its own options). */
export function pick<T extends string>(value: string, options: readonly T[], fallback: T): T {
  return options.find((o) => o === value) ?? fallback;
}

export const TYPE_IDS: readonly AlgoType[] = ['twap', 'iceberg', 'oco', 'bracket', 'trailing'];
export const SIDES: readonly Side[] = ['buy', 'sell'];
export const CONDITIONS = ['crossing', 'above', 'below'] as const;
export const SOURCES = ['last', 'bid', 'ask'] as const;
