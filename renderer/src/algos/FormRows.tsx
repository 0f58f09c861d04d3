/** The rows the algo ticket and the alert form are made of: a labelled field, a labelled select, the error. */
import type { ComponentChildren, Ref } from 'preact';
import { ChoiceSelect } from '../shell/ChoiceSelect';
import type { Choice } from '../shell/choices';

/** A label and the field it names (`id` is the field's). */
export function FieldRow({ id, label, children }: { id: string; label: string; children: ComponentChildren }) {
  return (
    <div class="algo-row">
      <label class="algo-label" for={id}>
        {label}
      </label>
      {children}
    </div>
  );
}

/** A labelled select of `choices` (see ChoiceSelect: it reports only one of them). */
export function ChoiceRow<T extends string>(props: {
  id: string;
  label: string;
  value: T;
  choices: readonly Choice<T>[];
  onChange: (value: T) => void;
  selectRef?: Ref<HTMLSelectElement>;
}) {
  const { id, label, ...select } = props;
  return (
    <FieldRow id={id} label={label}>
      <ChoiceSelect id={id} {...select} />
    </FieldRow>
  );
}

/** The form's refusal, read out when it appears. */
export function FormError({ message, testId }: { message: string | null; testId?: string }) {
  if (!message) return null;
  return (
    <p class="algo-error" role="alert" data-testid={testId}>
      {message}
    </p>
  );
}
