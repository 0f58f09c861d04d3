import { useRef } from 'preact/hooks';
import { LAYOUT, type LayoutKey, layout, setLayout } from './layout-state';

interface SplitterProps {
  /** Which size this splitter changes. */
  target: LayoutKey;
  /** 'x' moves left/right (between columns), 'y' moves up/down (between rows). */
  axis: 'x' | 'y';
  /** True when the sized panel is after the splitter (right column, bottom tabs): dragging toward it shrinks it. */
  after?: boolean;
  label: string;
}

/**
 * A draggable (and keyboard-operable: arrows, Shift for bigger steps) divider between two panels. Fractional
 * sizes are converted using the parent's size at drag start, so the panel follows the pointer exactly.
 */
export function Splitter({ target, axis, after = false, label }: SplitterProps) {
  const el = useRef<HTMLDivElement>(null);
  const spec = LAYOUT[target];
  const value = layout.value[target];

  function parentSize(): number {
    const parent = el.current?.parentElement;
    if (!parent) return 1;
    return axis === 'x' ? parent.clientWidth : parent.clientHeight;
  }

  function toUnits(px: number, size: number): number {
    const signed = after ? -px : px;
    return spec.unit === 'px' ? signed : signed / Math.max(1, size);
  }

  function onPointerDown(e: PointerEvent) {
    if (e.button !== 0) return;
    e.preventDefault();
    const start = axis === 'x' ? e.clientX : e.clientY;
    const startValue = layout.value[target];
    const size = parentSize();
    const node = e.currentTarget as HTMLElement;
    node.setPointerCapture(e.pointerId);
    document.body.classList.add(axis === 'x' ? 'resizing-x' : 'resizing-y');
    const move = (ev: PointerEvent) =>
      setLayout(target, startValue + toUnits((axis === 'x' ? ev.clientX : ev.clientY) - start, size));
    const up = () => {
      node.removeEventListener('pointermove', move);
      node.removeEventListener('pointerup', up);
      node.removeEventListener('pointercancel', up);
      document.body.classList.remove('resizing-x', 'resizing-y');
    };
    node.addEventListener('pointermove', move);
    node.addEventListener('pointerup', up);
    node.addEventListener('pointercancel', up);
  }

  function onKeyDown(e: KeyboardEvent) {
    const dec = axis === 'x' ? 'ArrowLeft' : 'ArrowUp';
    const inc = axis === 'x' ? 'ArrowRight' : 'ArrowDown';
    if (e.key !== dec && e.key !== inc) return;
    e.preventDefault();
    const px = (e.shiftKey ? 64 : 16) * (e.key === inc ? 1 : -1);
    setLayout(target, layout.value[target] + toUnits(px, parentSize()));
  }

  return (
    // biome-ignore lint/a11y/useSemanticElements: a focusable, draggable splitter is the ARIA "separator" widget; <hr> cannot take focus
    <div
      ref={el}
      class={`splitter splitter-${axis}`}
      role="separator"
      tabIndex={0}
      aria-label={label}
      aria-orientation={axis === 'x' ? 'vertical' : 'horizontal'}
      aria-valuenow={Math.round(spec.unit === 'frac' ? value * 100 : value)}
      aria-valuemin={Math.round(spec.unit === 'frac' ? spec.min * 100 : spec.min)}
      aria-valuemax={Math.round(spec.unit === 'frac' ? spec.max * 100 : spec.max)}
      data-splitter={target}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      onDblClick={() => setLayout(target, spec.def)}
    />
  );
}
