/** The history range picker (today, 7 d, 30 d, 90 d, a year, custom days) with the load's progress and a cancel. */
import { useMemo, useState } from 'preact/hooks';
import {
  customRangeError,
  dayText,
  RANGE_PRESETS,
  type RangePreset,
  rangeOf,
  shortDay,
  startOfDay,
  type TimeRange,
} from './date-range';
import type { RangedHistory } from './use-ranged-history';

export interface HistoryRangeState {
  preset: RangePreset;
  custom: { from: string; to: string };
  /** The range to load; null while a custom range is incomplete. */
  range: TimeRange | null;
  setPreset(p: RangePreset): void;
  setCustom(c: { from: string; to: string }): void;
}

/** Range state for one history view; a preset's "now" is taken when it is picked, not on every render. */
export function useHistoryRange(initial: RangePreset = '30d'): HistoryRangeState {
  const [preset, setPreset] = useState<RangePreset>(initial);
  const [custom, setCustom] = useState(() => {
    const today = startOfDay(Date.now());
    return { from: dayText(today - 29 * 86_400_000), to: dayText(today) };
  });
  const [pickedAt, setPickedAt] = useState(() => Date.now());
  const range = useMemo(() => rangeOf(preset, pickedAt, custom), [preset, pickedAt, custom.from, custom.to]);
  return {
    preset,
    custom,
    range,
    setPreset: (p) => {
      setPickedAt(Date.now());
      setPreset(p);
    },
    setCustom,
  };
}

export function DateRange({
  state,
  history,
  testId,
}: {
  state: HistoryRangeState;
  history: Pick<RangedHistory<unknown>, 'progress' | 'stopped' | 'coveredFrom' | 'cancel'> & { count: number };
  testId: string;
}) {
  const customError = state.preset === 'custom' ? customRangeError(state.custom) : null;
  const p = history.progress;
  return (
    <div class="hr-bar" data-testid={`${testId}-range`}>
      <select
        value={state.preset}
        aria-label="Date range"
        data-testid={`${testId}-preset`}
        onChange={(e) => state.setPreset((e.currentTarget as HTMLSelectElement).value as RangePreset)}
      >
        {RANGE_PRESETS.map((r) => (
          <option key={r.id} value={r.id}>
            {r.label}
          </option>
        ))}
      </select>
      {state.preset === 'custom' && (
        <>
          <input
            type="date"
            aria-label="First day"
            data-testid={`${testId}-from`}
            value={state.custom.from}
            onChange={(e) => state.setCustom({ ...state.custom, from: e.currentTarget.value })}
          />
          <span class="muted">to</span>
          <input
            type="date"
            aria-label="Last day"
            data-testid={`${testId}-to`}
            value={state.custom.to}
            onChange={(e) => state.setCustom({ ...state.custom, to: e.currentTarget.value })}
          />
        </>
      )}
      {customError && <span class="tr-error">{customError}</span>}
      {p && (
        <span class="hr-progress" role="status" data-testid={`${testId}-progress`}>
          Loading {p.done + 1} of {p.total} ({p.at ? `${shortDay(p.at.from)} – ${shortDay(p.at.to - 1)}` : ''}) ·{' '}
          {history.count} so far
          <button type="button" class="tr-head-btn" data-testid={`${testId}-cancel`} onClick={history.cancel}>
            Cancel
          </button>
        </span>
      )}
      {!p && history.stopped && history.coveredFrom !== null && (
        <span class="muted hr-progress" data-testid={`${testId}-stopped`}>
          Stopped: showing back to {shortDay(history.coveredFrom)}
        </span>
      )}
      {!p && !history.stopped && <span class="muted hr-progress">{history.count} rows</span>}
    </div>
  );
}
