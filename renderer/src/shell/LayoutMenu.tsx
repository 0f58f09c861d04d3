/**
 * The layout menu in the top bar: apply a named arrangement (Default, Chart focus, Order flow, the trader's
 * own), show or hide each panel, save the current arrangement under a name, delete one of the trader's own.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { notify } from '../state/store';
import {
  activeLayout,
  applyLayout,
  BUILTIN_LAYOUTS,
  deleteLayout,
  layoutNames,
  PANELS,
  saveLayout,
  setPanelShown,
  shown,
} from './layout-state';

export function LayoutMenu() {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const save = (e: Event) => {
    e.preventDefault();
    const err = saveLayout(name);
    setError(err);
    if (!err) {
      notify('success', `Layout "${name.trim()}" saved`);
      setName('');
    }
  };

  return (
    <div class="lm" ref={root}>
      <button
        type="button"
        class="btn tb-btn"
        data-testid="layout-menu"
        aria-haspopup="true"
        aria-expanded={open}
        title="Layouts and panels"
        onClick={() => setOpen(!open)}
      >
        Layout: {activeLayout.value} ▾
      </button>
      {open && (
        // biome-ignore lint/a11y/noStaticElementInteractions: Esc closes the popup; its controls are ordinary buttons and fields
        <div
          class="lm-pop"
          data-testid="layout-pop"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setOpen(false);
            }
          }}
        >
          <div class="lm-head muted">Layouts</div>
          {layoutNames.value.map((n) => (
            <div class="lm-row" key={n}>
              <button
                type="button"
                class={`lm-item${activeLayout.value === n ? ' active' : ''}`}
                data-testid={`layout-apply-${n}`}
                onClick={() => applyLayout(n)}
              >
                {n}
              </button>
              {!(n in BUILTIN_LAYOUTS) && (
                <button
                  type="button"
                  class="lm-del"
                  aria-label={`Delete the layout ${n}`}
                  data-testid={`layout-delete-${n}`}
                  onClick={() => deleteLayout(n)}
                >
                  ×
                </button>
              )}
            </div>
          ))}
          <form class="lm-save" onSubmit={save}>
            <input
              type="text"
              placeholder="Save current as…"
              aria-label="Name of the layout to save"
              data-testid="layout-name"
              value={name}
              maxLength={40}
              onInput={(e) => setName(e.currentTarget.value)}
            />
            <button type="submit" class="btn" data-testid="layout-save">
              Save
            </button>
          </form>
          {error && <div class="tr-error">{error}</div>}
          <div class="lm-head muted">Panels</div>
          {PANELS.map((p) => (
            <label class="lm-check" key={p.id}>
              <input
                type="checkbox"
                data-testid={`panel-toggle-${p.id}`}
                checked={shown.value[p.id]}
                onChange={(e) => setPanelShown(p.id, e.currentTarget.checked)}
              />
              {p.label}
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
