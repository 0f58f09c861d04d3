/** The journal file's shape, checked with zod on every load: a damaged file is set aside, never half-trusted. */
import { z } from 'zod';
import { algoDefinitionSchema } from '../../preload/contract';
import type { AlgoRecord } from './types';

const decText = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string');

const childSchema = z.object({
  seq: z.number().int().nonnegative(),
  clientOrderId: z.string().min(1).max(64),
  request: z.object({
    role: z.string(),
    side: z.enum(['buy', 'sell']),
    type: z.enum(['LIMIT', 'MARKET', 'STOP_LIMIT', 'STOP_MARKET']),
    price: decText.optional(),
    stopPrice: decText.optional(),
    stopOperator: z.enum(['GTE', 'LTE']).optional(),
    amount: decText,
  }),
  state: z.enum(['sending', 'open', 'closed', 'not_created']),
  orderId: z.number().int().positive().nullable(),
  filled: decText,
  filledValue: decText,
  placedAt: z.number(),
  resendAfter: z.number().optional(),
  error: z.string().nullable(),
});

export const algoRecordSchema: z.ZodType<AlgoRecord> = z.object({
  version: z.literal(1),
  id: z.string().min(1).max(40),
  profileId: z.string().min(1),
  definition: algoDefinitionSchema,
  createdAt: z.number(),
  status: z.object({
    kind: z.enum(['running', 'waiting', 'paused', 'stalled', 'done', 'cancelled', 'failed']),
    reason: z.string().nullable(),
    label: z.string(),
    since: z.number(),
  }),
  held: z.boolean(),
  cancelRequested: z.boolean(),
  children: z.array(childSchema),
  nextSeq: z.number().int().nonnegative(),
  memory: z.record(z.string(), z.unknown()),
  notes: z.array(z.string()),
  lastAction: z.string(),
  lastActionAt: z.number(),
});
