/**
 * Turns the algo ticket's text fields into an algo definition, or says which field is wrong. Only shape is
 * checked here (numbers present and positive); main checks everything again, and against the pair.
 */
import type { AlgoDefinition, AlgoType, Side } from '../../../preload/domain';
import { fieldText, optionalPercent, optionalText } from './field-values';

export type AlgoFields = Record<string, string>;

type FieldSpec = { name: string; label: string; optional?: boolean; hint?: string };

const AMOUNT: FieldSpec = { name: 'amount', label: 'Amount' };
const TOTAL: FieldSpec = { name: 'total', label: 'Total' };
const TAKE_PROFIT: FieldSpec = { name: 'takeProfit', label: 'Take-profit' };
const STOP: FieldSpec = { name: 'stop', label: 'Stop' };
const STOP_LIMIT: FieldSpec = { name: 'stopLimit', label: 'Stop limit', optional: true, hint: 'empty = stop-market' };

export const FIELDS: Record<AlgoType, FieldSpec[]> = {
  twap: [
    TOTAL,
    { name: 'duration', label: 'Duration (s)' },
    { name: 'slices', label: 'Slices' },
    { name: 'priceLimit', label: 'Price limit', optional: true, hint: 'empty = market slices' },
    { name: 'randomize', label: 'Randomise (%)', optional: true, hint: '0–50' },
  ],
  iceberg: [
    TOTAL,
    { name: 'visible', label: 'Visible' },
    { name: 'price', label: 'Price' },
    { name: 'variance', label: 'Variance (%)', optional: true, hint: '0–50' },
  ],
  oco: [AMOUNT, TAKE_PROFIT, STOP, STOP_LIMIT],
  bracket: [
    AMOUNT,
    { name: 'entryPrice', label: 'Entry price', optional: true, hint: 'empty = market' },
    TAKE_PROFIT,
    STOP,
    STOP_LIMIT,
  ],
  trailing: [AMOUNT, { name: 'distance', label: 'Distance' }],
};

const DEC = /^(0|[1-9]\d*)(\.\d+)?$/;

export type Built = { ok: true; definition: AlgoDefinition } | { ok: false; field: string; message: string };

const made = (definition: AlgoDefinition): Built => ({ ok: true, definition });
const refused = (field: string, message: string): Built => ({ ok: false, field, message });

export function buildDefinition(
  type: AlgoType,
  pair: string,
  side: Side,
  f: AlgoFields,
  trailing: { distanceKind: 'price' | 'percent'; fire: 'market' | 'limit' } = { distanceKind: 'price', fire: 'market' },
): Built {
  for (const spec of FIELDS[type]) {
    const v = fieldText(f[spec.name]);
    if (v === '' && spec.optional) continue;
    if (v === '') return refused(spec.name, `${spec.label} is required.`);
    if (!DEC.test(v)) return refused(spec.name, `${spec.label} must be a number like 0.05.`);
  }
  const val = (name: string): string => fieldText(f[name]);
  // OCO and bracket protect the same way: a take-profit and a stop for the amount.
  const exits = () => ({ amount: val('amount'), takeProfit: val('takeProfit'), stop: val('stop') });
  switch (type) {
    case 'twap': {
      const slices = Number(val('slices'));
      if (!Number.isInteger(slices)) return refused('slices', 'Slices must be a whole number.');
      return made({
        type,
        pair,
        side,
        total: val('total'),
        durationMs: Math.round(Number(val('duration')) * 1000),
        slices,
        ...optionalText('priceLimit', f.priceLimit),
        ...optionalPercent('randomize', f.randomize),
      });
    }
    case 'iceberg':
      return made({
        type,
        pair,
        side,
        total: val('total'),
        visible: val('visible'),
        price: val('price'),
        ...optionalPercent('variance', f.variance),
      });
    case 'oco':
      return made({ type, pair, side, ...exits(), ...optionalText('stopLimit', f.stopLimit) });
    case 'bracket':
      return made({
        type,
        pair,
        side,
        ...exits(),
        ...optionalText('entryPrice', f.entryPrice),
        ...optionalText('stopLimit', f.stopLimit),
      });
    case 'trailing':
      return made({ type, pair, side, amount: val('amount'), distance: val('distance'), ...trailing });
  }
}
