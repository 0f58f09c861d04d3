/** Timer scheduling, injectable so the feed's tests can drive time by hand instead of sleeping. */
export type SetTimer = (fn: () => void, ms: number) => () => void;

export const realSetTimer: SetTimer = (fn, ms) => {
  const t = setTimeout(fn, ms);
  // A poller must never keep the process alive on its own (tests, app shutdown).
  t.unref?.();
  return () => clearTimeout(t);
};
