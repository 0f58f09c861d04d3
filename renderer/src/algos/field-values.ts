/**
 * What the algo ticket's and the alert form's fields send: text trimmed, an empty optional field left out of the
 * payload (never sent as ""), a percent field as a fraction. Shape only; main validates everything again.
 */

/** A text field's value as sent: without the spaces around it. */
export function fieldText(raw: string | undefined): string {
  return (raw ?? '').trim();
}

/** An optional text field as a part of a payload to spread: `{ [key]: text }`, or nothing when it is empty. */
export function optionalText<K extends string>(key: K, raw: string | undefined): Partial<Record<K, string>> {
  const text = fieldText(raw);
  const part: Partial<Record<K, string>> = {};
  if (text !== '') part[key] = text;
  return part;
}

/** An optional percent field (already checked to be a decimal) as a fraction to spread, or nothing when empty. */
export function optionalPercent<K extends string>(key: K, raw: string | undefined): Partial<Record<K, number>> {
  const text = fieldText(raw);
  const part: Partial<Record<K, number>> = {};
  if (text !== '') part[key] = Number(text) / 100;
  return part;
}
