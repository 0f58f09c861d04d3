import type { z } from 'zod';
import { ExchangeError } from '../../errors';

/** A 400 naming the fields at fault; the current dialect answers it with `formErrors` (field -> message). */
export class FormError extends ExchangeError {
  constructor(readonly fields: Readonly<Record<string, string>>) {
    const [first] = Object.entries(fields);
    super(400, first === undefined ? 'Invalid request' : `Invalid ${first[0]}: ${first[1]}`);
  }
}

export const formError = (field: string, message: string): FormError => new FormError({ [field]: message });

/**
 * Error codes of the current dialect: the live exchange sends numeric strings (`"1003"`); the paper exchange
 * derives them from the HTTP status (1000 + status, e.g. "1400" for a refused request, "1401" for auth).
 */
export function currentErrorBody(e: ExchangeError): {
  code: string;
  message: string;
  formErrors?: Record<string, string>;
} {
  const body = { code: String(1000 + e.status), message: e.message };
  return e instanceof FormError ? { ...body, formErrors: { ...e.fields } } : body;
}

/** Parses at the boundary with every field problem listed; changes nothing when it throws. */
export function parseForm<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const field = issue.path.length === 0 ? 'request' : issue.path.join('.');
    fields[field] ??= issue.message;
  }
  throw new FormError(fields);
}
