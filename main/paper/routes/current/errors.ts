import type { z } from 'zod';
import { Rejection, type RejectionReason } from '../../errors';

/** A 400 naming the fields at fault; the current dialect answers it with `formErrors` (field -> message). */
export class FormError extends Rejection {
  constructor(readonly fields: Readonly<Record<string, string>>) {
    const [first] = Object.entries(fields);
    super('invalid', first === undefined ? 'Invalid request' : `Invalid ${first[0]}: ${first[1]}`, first?.[0]);
  }
}

export const formError = (field: string, message: string): FormError => new FormError({ [field]: message });

/**
 * Error codes of the current dialect. The live exchange sends numeric strings (its docs show "1003" for an
 * invalid order amount); the paper exchange gives each refusal reason of the core one code.
 */
const CODE_OF_REASON: Record<RejectionReason, string> = {
  invalid: '1001',
  range: '1003',
  insufficient_funds: '1004',
  not_found: '1005',
  not_active: '1006',
  unauthorized: '1401',
  rate_limited: '1429',
  not_implemented: '1501',
};

/** The core's order fields as the current order request names them. */
const REQUEST_FIELD: Record<string, string> = { amount: 'base_amount', price: 'limit_price' };

export function currentErrorBody(e: Rejection): {
  code: string;
  message: string;
  formErrors?: Record<string, string>;
} {
  const body = { code: CODE_OF_REASON[e.reason], message: e.message };
  if (e instanceof FormError) return { ...body, formErrors: { ...e.fields } };
  // A core refusal that names its field is a form error too, under the request's name for the field.
  if (e.field !== undefined && e.status === 400)
    return { ...body, formErrors: { [REQUEST_FIELD[e.field] ?? e.field]: e.message } };
  return body;
}

/** A refusal of the HTTP layer itself (404, 405, 413, 408, 431...) on a current path: code "1" + the status. */
export function currentStatusBody(status: number, message: string): { code: string; message: string } {
  return { code: `1${status}`, message };
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
