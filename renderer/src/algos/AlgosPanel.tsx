/**
 * The Algos panel: every algo of the profile with its truthful status, progress (filled / total, average
 * price, children placed) and last action; pause, resume and cancel by button or key (G focuses the list,
 * ↑/↓ select, P pauses or resumes, X cancels, Delete forgets a finished one). Below, the price alerts.
 */
import { useRef } from 'preact/hooks';
import type { AlgoView } from '../../../preload/domain';
import { call } from '../bridge';
import { notify, profileId } from '../state/store';
import { alertFormOpen, alertViews, algoTicketOpen, algoViews, selectedAlgoId } from './state';
import './algos.css';

const FINISHED = new Set(['done', 'cancelled', 'failed']);

function describe(a: AlgoView): string {
  const d = a.definition;
  const pair = d.pair.replace('_', '/');
  return `${d.type.toUpperCase()} ${d.side} ${a.total} ${pair}`;
}

function percent(a: AlgoView): number {
  const t = Number(a.total);
  // Display only (a bar width): the figures shown are the exact decimal strings.
  return t > 0 ? Math.min(100, (Number(a.filled) / t) * 100) : 0;
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  return s < 60 ? `${s}s ago` : `${Math.round(s / 60)}m ago`;
}

export async function runAlgoCommand(kind: 'pause' | 'resume' | 'cancel' | 'remove', algo: AlgoView): Promise<void> {
  const pid = profileId.value;
  if (!pid) return;
  try {
    if (kind === 'remove') {
      await call('algos.remove', { profileId: pid, algoId: algo.id });
      return;
    }
    const method = kind === 'pause' ? 'algos.pause' : kind === 'resume' ? 'algos.resume' : 'algos.cancel';
    const v = await call(method, { profileId: pid, algoId: algo.id });
    if (kind === 'cancel')
      notify('info', v.status.kind === 'cancelled' ? (v.notes.at(-1) ?? 'Cancelled.') : `${describe(v)}: cancelling…`);
  } catch (e) {
    notify('error', e instanceof Error ? e.message : String(e));
  }
}

export function togglePause(a: AlgoView): void {
  if (FINISHED.has(a.status.kind)) return;
  void runAlgoCommand(
    a.status.kind === 'paused' && a.status.reason === 'by the trader'
      ? 'resume'
      : a.status.kind === 'stalled'
        ? 'resume'
        : 'pause',
    a,
  );
}

export function AlgosPanel() {
  const list = [...algoViews.value].reverse();
  const alerts = alertViews.value;
  const selected = selectedAlgoId.value;
  const listRef = useRef<HTMLDivElement>(null);

  const onKey = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || list.length === 0) return;
    const i = Math.max(
      0,
      list.findIndex((a) => a.id === selected),
    );
    const cur = list[i];
    const act: Record<string, () => void> = {
      ArrowDown: () => (selectedAlgoId.value = list[Math.min(list.length - 1, i + 1)]?.id ?? null),
      ArrowUp: () => (selectedAlgoId.value = list[Math.max(0, i - 1)]?.id ?? null),
      p: () => cur && togglePause(cur),
      x: () => cur && !FINISHED.has(cur.status.kind) && void runAlgoCommand('cancel', cur),
      Delete: () => cur && FINISHED.has(cur.status.kind) && void runAlgoCommand('remove', cur),
    };
    const f = act[e.key.length === 1 ? e.key.toLowerCase() : e.key];
    if (f) {
      e.preventDefault();
      e.stopPropagation();
      f();
    }
  };

  return (
    <section class="algos" data-panel="algos" data-testid="algos-panel">
      <header class="panel-head algos-head">
        <span class="panel-title">Algos</span>
        <button type="button" class="btn" onClick={() => (algoTicketOpen.value = true)} title="Alt+A">
          New algo
        </button>
        <button type="button" class="btn" onClick={() => (alertFormOpen.value = { price: null })} title="Alt+L">
          Alert
        </button>
      </header>
      {list.length === 0 ? (
        <p class="muted algos-empty">No algo orders. Alt+A starts one (TWAP, iceberg, OCO, bracket, trailing stop).</p>
      ) : (
        <div
          class="algos-list"
          ref={listRef}
          tabIndex={0}
          role="listbox"
          onKeyDown={onKey}
          data-testid="algos-list"
          aria-label="Algo orders: arrows select, P pauses or resumes, X cancels"
        >
          {list.map((a) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox handles the keys (arrows select)
            <div
              key={a.id}
              role="option"
              tabIndex={-1}
              class={`algo algo-${a.status.kind}${a.id === selected ? ' algo-selected' : ''}`}
              data-testid="algo-row"
              data-algo-id={a.id}
              data-status={a.status.kind}
              aria-selected={a.id === selected}
              onClick={() => (selectedAlgoId.value = a.id)}
            >
              <div class="algo-line">
                <span class="algo-what">{describe(a)}</span>
                <span class={`algo-status algo-status-${a.status.kind}`} data-testid="algo-status">
                  {a.status.label}
                </span>
              </div>
              <div class="algo-bar" aria-hidden="true">
                <div class="algo-bar-fill" style={{ width: `${percent(a)}%` }} />
              </div>
              <div class="algo-line algo-figures">
                <span data-testid="algo-progress">
                  {a.filled} / {a.total}
                </span>
                <span>{a.avgPrice ? `avg ${a.avgPrice}` : 'avg —'}</span>
                <span>
                  {a.childrenPlaced} child{a.childrenPlaced === 1 ? '' : 'ren'}
                </span>
              </div>
              <div class="algo-line muted algo-last" title={a.notes.join('\n')}>
                {a.lastAction} · {ago(a.lastActionAt)}
              </div>
              {a.notes.length > 0 && FINISHED.has(a.status.kind) && <div class="algo-note">{a.notes.at(-1)}</div>}
              {a.id === selected && (
                <div class="algo-buttons">
                  {!FINISHED.has(a.status.kind) && (
                    <>
                      <button type="button" class="btn" onClick={() => togglePause(a)}>
                        {(a.status.kind === 'paused' && a.status.reason === 'by the trader') ||
                        a.status.kind === 'stalled'
                          ? 'Resume (P)'
                          : 'Pause (P)'}
                      </button>
                      <button
                        type="button"
                        class="btn"
                        data-testid="algo-cancel"
                        onClick={() => void runAlgoCommand('cancel', a)}
                      >
                        Cancel (X)
                      </button>
                    </>
                  )}
                  {FINISHED.has(a.status.kind) && (
                    <button type="button" class="btn" onClick={() => void runAlgoCommand('remove', a)}>
                      Remove (Del)
                    </button>
                  )}
                </div>
              )}
            </div>
          ))}
        </div>
      )}
      {alerts.length > 0 && (
        <ul class="alerts-list" data-testid="alerts-list" aria-label="Price alerts">
          {alerts.map((a) => (
            <li
              key={a.id}
              class={`alert-item${a.active ? '' : ' alert-spent'}`}
              data-testid="alert-row"
              data-active={a.active}
            >
              <span>
                {a.pair.replace('_', '/')} {a.source} {a.condition} {a.price}
                {a.repeat ? ' (repeat)' : ''}
              </span>
              <span class="muted">{a.fireCount > 0 ? `fired ${a.fireCount}×` : 'armed'}</span>
              <button
                type="button"
                class="btn link"
                aria-label="Remove alert"
                onClick={() => {
                  const pid = profileId.value;
                  if (pid) void call('alerts.remove', { profileId: pid, alertId: a.id }).catch(() => {});
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Focuses the algo list (key G), selecting the newest algo when none is. */
export function focusAlgos(): void {
  const el = document.querySelector<HTMLElement>('[data-testid="algos-list"]');
  if (!selectedAlgoId.value) selectedAlgoId.value = algoViews.value.at(-1)?.id ?? null;
  el?.focus();
}
