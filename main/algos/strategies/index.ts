import type { AlgoDefinition, Dec, Pair } from '../../../preload/domain';
import type { AlgoMemory, AlgoRecord, AlgoType, Progress, StepInput, StepPlan } from '../types';
import { bracket } from './bracket';
import { iceberg } from './iceberg';
import { oco } from './oco';
import { trailing } from './trailing';
import { twap } from './twap';

/** An algo type bound to one definition, so the engine never needs to know which type it runs. */
export interface BoundAlgo {
  check(pair: Pair): string | null;
  init(pair: Pair, now: number, random: () => number): AlgoMemory;
  step(input: StepInput): StepPlan;
  progress(record: AlgoRecord): Progress;
  levels(record: AlgoRecord): { price: Dec; label: string }[];
}

function bind<T extends AlgoDefinition>(type: AlgoType<T>, def: T): BoundAlgo {
  return {
    check: (pair) => type.check(def, pair),
    init: (pair, now, random) => type.init(def, pair, now, random),
    step: (input) => type.step(def, input),
    progress: (record) => type.progress(def, record),
    levels: (record) => type.levels(def, record),
  };
}

export function algoFor(def: AlgoDefinition): BoundAlgo {
  switch (def.type) {
    case 'twap':
      return bind(twap, def);
    case 'iceberg':
      return bind(iceberg, def);
    case 'oco':
      return bind(oco, def);
    case 'bracket':
      return bind(bracket, def);
    case 'trailing':
      return bind(trailing, def);
  }
}
