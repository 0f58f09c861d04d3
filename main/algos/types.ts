/**
 * The algo engine's own records: what is journaled for each algo (definition, progress, every child it ever
 * sent, and the type's working memory), and the interface each algo type implements.
 */
import type { AlgoDefinition, AlgoStatus, Dec, OrderType, Pair, Side, StopOperator } from '../../preload/domain';
import type { D } from './money';

/** A child order the algo asks for; the engine gives it a deterministic client order id before sending. */
export interface ChildRequest {
  role: string;
  side: Side;
  type: OrderType;
  price?: Dec;
  stopPrice?: Dec;
  stopOperator?: StopOperator;
  amount: Dec;
}

export interface ChildRecord {
  seq: number;
  /** `<algoId>-<seq>`: the same id on every attempt, so the exchange can never hold two of one child. */
  clientOrderId: string;
  request: ChildRequest;
  /**
   * 'sending': journaled, the answer not yet known (after a crash: look it up before anything else);
   * 'open' / 'closed': as the exchange last reported; 'not_created': the exchange refused it.
   */
  state: 'sending' | 'open' | 'closed' | 'not_created';
  orderId: number | null;
  filled: Dec;
  /** Sum of price x amount of this child's fills (from the account's trades), for the average price. */
  filledValue: Dec;
  placedAt: number;
  /**
   * While 'sending': the moment (our clock) after which the exchange can no longer accept the child's request
   * (its `valid_till` plus clock skew), journaled before it is sent. Only a read begun after it that does not find
   * the child allows sending it again. Absent in journals written before it was kept.
   */
  resendAfter?: number;
  /** Words from the exchange when it refused the child. */
  error: string | null;
}

/** JSON-safe working memory of an algo type (its schedule, best price so far, ...). */
export type AlgoMemory = Record<string, unknown>;

export interface AlgoRecord {
  version: 1;
  id: string;
  profileId: string;
  definition: AlgoDefinition;
  createdAt: number;
  status: AlgoStatus;
  /** True while the trader has paused it (the engine neither places nor cancels). */
  held: boolean;
  /** The trader cancelled it: its open children are being cancelled; then it is 'cancelled'. */
  cancelRequested: boolean;
  children: ChildRecord[];
  nextSeq: number;
  memory: AlgoMemory;
  notes: string[];
  lastAction: string;
  lastActionAt: number;
}

export interface MarketView {
  last: D | null;
  bid: D | null;
  ask: D | null;
}

export interface StepInput {
  record: AlgoRecord;
  pair: Pair;
  now: number;
  market: MarketView;
  random: () => number;
}

/** What an algo type wants done now; the engine does it (cancels first, then places) and journals it. */
export interface StepPlan {
  cancel: number[];
  place: ChildRequest[];
  /** Replaces the memory when given. */
  memory?: AlgoMemory;
  /** 'running' / 'waiting' while it works; 'done' when finished; 'failed' when it cannot go on. */
  state: { kind: 'running' | 'waiting' | 'done' | 'failed'; reason: string | null };
  /** The next time it wants to be stepped even if nothing happens (null: at the engine's poll). */
  wakeAt: number | null;
  notes?: string[];
  action?: string;
}

export interface Progress {
  total: D;
  filled: D;
  /** Sum of price x amount over the fills counted in `filled`. */
  value: D;
}

export interface AlgoType<T extends AlgoDefinition> {
  /** Checks the definition against the pair (sizes, precision) before it is accepted; returns the problem. */
  check(def: T, pair: Pair): string | null;
  /** Initial memory (a TWAP's schedule is drawn here, once, so a restart keeps it). */
  init(def: T, pair: Pair, now: number, random: () => number): AlgoMemory;
  step(def: T, input: StepInput): StepPlan;
  progress(def: T, record: AlgoRecord): Progress;
  /** Price levels to draw on the chart. */
  levels(def: T, record: AlgoRecord): { price: Dec; label: string }[];
}
