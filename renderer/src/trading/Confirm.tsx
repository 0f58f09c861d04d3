import type { ComponentChildren } from 'preact';
import { Modal } from '../shell/Modal';

interface ConfirmProps {
  title: string;
  confirmLabel: string;
  /** 'buy' | 'sell' | 'danger' colors the confirm button. */
  tone: 'buy' | 'sell' | 'danger';
  testId: string;
  onConfirm(): void;
  onCancel(): void;
  children: ComponentChildren;
}

/** A confirmation step: the confirm button has focus, so Enter confirms and Esc goes back. */
export function Confirm({ title, confirmLabel, tone, testId, onConfirm, onCancel, children }: ConfirmProps) {
  return (
    <Modal title={title} onClose={onCancel} testId={testId} class="tr-confirm">
      <h2 class="tr-confirm-title">{title}</h2>
      <div class="tr-confirm-body">{children}</div>
      <div class="tr-confirm-actions">
        <button type="button" onClick={onCancel}>
          Back <span class="muted">(Esc)</span>
        </button>
        <button
          type="button"
          class={`tr-btn tr-btn-${tone}`}
          data-autofocus
          onClick={onConfirm}
          data-testid={`${testId}-ok`}
        >
          {confirmLabel} <span class="tr-key">(Enter)</span>
        </button>
      </div>
    </Modal>
  );
}
