import { notices } from '../state/store';

/** Toasts for fills, cancels and errors; errors are announced assertively, the rest politely. */
export function Notices() {
  return (
    <div class="notices" data-testid="notices">
      {notices.value.map((n) => (
        <div
          key={n.id}
          class={`notice notice-${n.kind}`}
          role={n.kind === 'error' ? 'alert' : 'status'}
          data-notice-kind={n.kind}
        >
          <span class="notice-text">{n.text}</span>
          <button
            type="button"
            class="notice-close"
            aria-label="Dismiss"
            onClick={() => (notices.value = notices.value.filter((x) => x.id !== n.id))}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
