import { z } from 'zod';
import type { PaperCore } from '../../core';
import { notFound } from '../../errors';
import { type Route, accountOf, empty, ok } from '../../http/routing';
import type { Scope } from '../../margin';
import { findPair } from '../../market';
import { formError, parseForm } from './errors';
import { actingAccount } from './trading';
import { currencyIn, decimalIn, intIn, marginWalletIn } from './wire';

/**
 * The margin writes, on paths both dialects share. The documented answer is a bare 200; today's official client
 * reads the new record's id (a JSON number; repay: an array of ids), so that is what the union answers. Requests
 * may name a subaccount (`account_id`) and spell wallet types either way (MARGIN_CROSS / CROSS_MARGIN).
 * The margin reads (GET /api/v3/margin and its histories) already carry both sets of fields in routes/v3.ts.
 */
const scope = {
  account_id: intIn.optional(),
  wallet_type: marginWalletIn,
  // A pair symbol; "" (or left out) for cross margin.
  pair: z
    .union([z.string().regex(/^[A-Z0-9]{2,10}_[A-Z0-9]{2,10}$/, 'must be a pair symbol like BTC_USD'), z.literal('')])
    .default(''),
};
const loanType = z.enum(['LOAN_MANUAL', 'LOAN_AUTO']).default('LOAN_MANUAL');
const transferBody = z.object({
  ...scope,
  direction: z.enum(['ADD', 'SUB']),
  currency: currencyIn,
  amount: decimalIn,
  note: z.string().max(256).default(''),
});
const borrowBody = z.object({ ...scope, currency: currencyIn, borrow: decimalIn, type: loanType });
const repayBody = z.object({ ...scope, currency: currencyIn, amount: decimalIn, type: loanType });
const closeBody = z.object(scope);

type ScopeBody = { account_id?: number | undefined; wallet_type: 'CROSS_MARGIN' | 'ISOLATED_MARGIN'; pair: string };

export function currentMarginRoutes(core: PaperCore): Route[] {
  const scopeOf = (ctx: Parameters<Route['handle']>[0], b: ScopeBody): Scope => {
    const accountId = actingAccount(core, accountOf(ctx), b.account_id);
    if (b.wallet_type === 'ISOLATED_MARGIN' && b.pair === '')
      throw formError('pair', 'must be set for ISOLATED_MARGIN');
    if (b.pair !== '' && findPair(b.pair) === undefined) throw notFound(`Unknown pair ${b.pair}`);
    return { accountId, walletType: b.wallet_type, pair: b.wallet_type === 'CROSS_MARGIN' ? '' : b.pair };
  };
  const json = (ctx: Parameters<Route['handle']>[0]): unknown => ctx.body.json ?? {};
  const common = { auth: 'v3', dialect: 'documented', mutates: true } as const;
  return [
    {
      ...common,
      method: 'POST',
      pattern: /^\/api\/v3\/margin\/transfer$/,
      handle: (ctx) => {
        const b = parseForm(transferBody, json(ctx));
        core.transfer(scopeOf(ctx, b), b.direction, b.currency, b.amount, b.note, ctx.now);
        return ok(core.state.transfers.at(-1)?.id ?? 0);
      },
    },
    {
      ...common,
      method: 'POST',
      pattern: /^\/api\/v3\/margin\/borrow$/,
      handle: (ctx) => {
        const b = parseForm(borrowBody, json(ctx));
        core.borrow(scopeOf(ctx, b), b.currency, b.borrow, b.type, ctx.now);
        return ok(core.state.borrows.at(-1)?.id ?? 0);
      },
    },
    {
      ...common,
      method: 'POST',
      pattern: /^\/api\/v3\/margin\/repay$/,
      handle: (ctx) => {
        const b = parseForm(repayBody, json(ctx));
        const before = core.state.repays.length;
        core.repay(scopeOf(ctx, b), b.currency, b.amount, b.type, ctx.now);
        // One repay record per loan paid (oldest first).
        return ok(core.state.repays.slice(before).map((r) => r.id));
      },
    },
    {
      ...common,
      method: 'DELETE',
      pattern: /^\/api\/v3\/margin$/,
      handle: (ctx) => {
        const b = parseForm(closeBody, json(ctx));
        core.closeMargin(scopeOf(ctx, b), ctx.now);
        return empty(202);
      },
    },
  ];
}
