import type { RefObject } from 'preact';

/**
 * A password field whose value is never held in component state: it is read once at submit with `takeSecret`,
 * which also wipes the field, so the secret is not re-rendered, logged, or left in the DOM.
 */
export function SecretInput({ id, inputRef }: { id: string; inputRef: RefObject<HTMLInputElement | null> }) {
  return (
    <input
      id={id}
      ref={inputRef}
      type="password"
      name="apiSecret"
      required
      autoComplete="new-password"
      spellcheck={false}
      data-secret-input
    />
  );
}

/** Returns the field's value and clears it. */
export function takeSecret(input: HTMLInputElement | null): string {
  if (!input) return '';
  const value = input.value;
  input.value = '';
  return value;
}
