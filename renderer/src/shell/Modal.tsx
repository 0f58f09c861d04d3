import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { openModals } from '../keyboard/ui-state';
import './modal.css';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface ModalProps {
  title: string;
  onClose(): void;
  children: ComponentChildren;
  /** Extra class for sizing/positioning (e.g. the palette sits near the top). */
  class?: string;
  testId?: string;
}

/** Open dialogs, innermost last: only the topmost one answers Esc and Tab. */
const stack: object[] = [];

function onDialogKey(e: KeyboardEvent, box: HTMLElement, close: () => void): void {
  if (e.key === 'Escape' && !e.defaultPrevented) {
    e.preventDefault();
    close();
    return;
  }
  if (e.key !== 'Tab' || e.defaultPrevented) return;
  const items = [...box.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((x) => x.offsetParent !== null);
  const first = items[0];
  const last = items[items.length - 1];
  const inside = box.contains(document.activeElement);
  if (!first || !last) {
    e.preventDefault();
    box.focus();
  } else if (e.shiftKey && (document.activeElement === first || !inside)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (document.activeElement === last || !inside)) {
    e.preventDefault();
    first.focus();
  }
}

/**
 * A modal dialog: traps Tab inside, closes on Esc or a click on the backdrop, and gives focus back to whatever
 * had it before, so the keyboard user never loses their place. While open, global keys are off.
 */
export function Modal({ title, onClose, children, class: extra, testId }: ModalProps) {
  const box = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  // Layout effect, not effect: the dialog must answer Esc and hold focus from the moment it is in the page, or a
  // key pressed right after opening it (before the next paint) would be lost.
  useLayoutEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const token = {};
    stack.push(token);
    openModals.value++;
    const el = box.current;
    // Focus the first field (or the dialog itself) unless a child already took focus via autofocus.
    if (el && !el.contains(document.activeElement)) {
      const first = el.querySelector<HTMLElement>('[data-autofocus]') ?? el.querySelector<HTMLElement>(FOCUSABLE);
      (first ?? el).focus();
    }
    // On the document, not the dialog: when the focused element disappears (a button that removed itself),
    // focus falls to <body>, and Esc/Tab must still reach the topmost dialog.
    const onKey = (e: KeyboardEvent) => {
      if (stack[stack.length - 1] === token && box.current) onDialogKey(e, box.current, () => closeRef.current());
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      stack.splice(stack.indexOf(token), 1);
      openModals.value--;
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click outside is a mouse shortcut; Esc is the keyboard one
    <div
      class="modal-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        ref={box}
        class={`modal ${extra ?? ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        tabIndex={-1}
        data-testid={testId}
      >
        {children}
      </div>
    </div>
  );
}
