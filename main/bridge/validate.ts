import type { z } from 'zod';
import { BridgeError } from './errors';

/** Parses a payload against its schema; a failure names the first offending field and says why. */
export function parseOrThrow<S extends z.ZodType>(schema: S, payload: unknown, what: string): z.output<S> {
  const result = schema.safeParse(payload ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : undefined;
  const reason = issue ? describeIssue(issue) : 'is invalid';
  throw new BridgeError('validation', field ? `${what}: ${field} ${reason}` : `${what}: request ${reason}`, field);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `has unknown field(s): ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type') return `must be ${issue.expected}`;
  if (issue.code === 'invalid_value') return `must be one of: ${issue.values.map(String).join(', ')}`;
  return issue.message;
}
