/** The rows the algo ticket and the alert form are made of: a labelled field, a labelled select, the error. */
import type { ComponentChildren, Ref } from 'preact';
import { pick } from './field-values';

export interface Choice<T extends string> {
  value: T;
  label: string;
}
/** A select's options, at least one (the first is what an unexpected report falls back to). */
export type Choices<T extends string> = readonly [Choice<T>, ...Choice<T>[]];

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

/**
 * A labelled select of `choices`; it reports only one of them (the first if the select ever said anything else),
 * so its state needs no check of its own.
 */
export function ChoiceRow<T extends string>(props: {
  id: string;
  label: string;
  value: T;
  choices: Choices<T>;
  onChange: (value: T) => void;
  selectRef?: Ref<HTMLSelectElement>;
}) {
  const { id, label, value, choices, onChange, selectRef } = props;
  const values = choices.map((c) => c.value);
  return (
    <FieldRow id={id} label={label}>
      <select
        id={id}
        ref={selectRef}
        value={value}
        onChange={(e) => onChange(pick(e.currentTarget.value, values, choices[0].value))}
      >
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
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
