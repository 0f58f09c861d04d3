/**
 * Runs `work` at most once per animation frame, however often `schedule()` is called in between: a feed that
 * delivers faster than the screen refreshes (or in bursts) costs one paint per frame, with the latest data.
 */
export interface PerFrame {
  schedule(): void;
  cancel(): void;
}

export function perFrame(work: () => void): PerFrame {
  let pending: number | null = null;
  const run = () => {
    pending = null;
    work();
  };
  return {
    schedule() {
      if (pending === null) pending = requestAnimationFrame(run);
    },
    cancel() {
      if (pending !== null) cancelAnimationFrame(pending);
      pending = null;
    },
  };
}
