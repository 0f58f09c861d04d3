/**
 * A select of typed choices: it reports one of them (anything else keeps the current value), so its state needs
 * no cast and no check of its own.
 */
import type { Ref } from 'preact';
import { type Choice, pick } from './choices';

export function ChoiceSelect<T extends string>(props: {
  choices: readonly Choice<T>[];
  value: T;
  onChange: (value: T) => void;
  id?: string;
  testId?: string;
  selectRef?: Ref<HTMLSelectElement>;
}) {
  const { choices, value, onChange } = props;
  const values = choices.map((c) => c.value);
  return (
    <select
      id={props.id}
      ref={props.selectRef}
      data-testid={props.testId}
      value={value}
      onChange={(e) => onChange(pick(e.currentTarget.value, values, value))}
    >
      {choices.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </select>
  );
}
