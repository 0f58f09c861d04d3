import type { AlgoStatus, AlgoStatusKind } from '../../preload/domain';

export function statusOf(kind: AlgoStatusKind, reason: string | null, since: number): AlgoStatus {
  return { kind, reason, label: reason ? `${kind}: ${reason}` : kind, since };
}

/** Finished algos never act again. */
export function isTerminal(kind: AlgoStatusKind): boolean {
  return kind === 'done' || kind === 'cancelled' || kind === 'failed';
}
