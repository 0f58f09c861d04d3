/** A form dialog's foot: a cancel button and the submit button (Enter in any field submits, Esc cancels). */
export function ModalFoot(props: {
  onCancel: () => void;
  submit: string;
  /** The cancel button's words; the algo forms name the key ("Cancel (Esc)"). */
  cancel?: string;
  busy?: boolean;
  testId?: string;
}) {
  return (
    <div class="modal-foot">
      <button type="button" class="btn" onClick={props.onCancel}>
        {props.cancel ?? 'Cancel'}
      </button>
      <button type="submit" class="btn primary" disabled={props.busy} data-testid={props.testId}>
        {props.submit}
      </button>
    </div>
  );
}
