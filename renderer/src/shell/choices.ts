/** A select's options as data, and the narrowing of what it reports back to one of them. */

export interface Choice<T extends string> {
  value: T;
  label: string;
}

/** The option of `options` a select reported, or the fallback (a select only reports its own options). */
export function pick<T extends string>(value: string, options: readonly T[], fallback: T): T {
  return options.find((o) => o === value) ?? fallback;
}
