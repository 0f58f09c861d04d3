import { badRequest } from './errors';
import type { Ledger } from './ledger';
import { CURRENCIES } from './market';
import { dec } from './money';
import type { Account, CoreState } from './state';

export interface AccountInput {
  key: string;
  secret: string;
  balances: Record<string, string>;
  name?: string;
  email?: string;
  /** Name of the parent account: makes this a subaccount. */
  parent?: string;
  internal?: boolean;
}

/** How far ahead of the exchange clock a nonce may be, read as milliseconds (clients send Date.now()). */
export const MAX_NONCE_AHEAD_MS = 86_400_000;
/** Absolute bound, also for journal records written without a clock: nothing above 2^63 - 1. */
const MAX_NONCE = (1n << 63n) - 1n;

/**
 * Whether a nonce (decimal text) may be accepted at `now`: a decimal integer no larger than 2^63 - 1 and,
 * when the time is known, no more than MAX_NONCE_AHEAD_MS ahead of it read as milliseconds. A nonce past
 * the bound would refuse every honest later nonce: the key would be locked out.
 */
export function nonceAllowed(nonce: string, now?: number): boolean {
  if (!/^\d{1,19}$/.test(nonce)) return false;
  const n = BigInt(nonce);
  if (n > MAX_NONCE) return false;
  return now === undefined || n <= BigInt(Math.max(0, Math.floor(now))) + BigInt(MAX_NONCE_AHEAD_MS);
}

/** Accounts, their API credentials and nonces. Keys are unique; a name identifies an account across re-keying. */
export class AccountRegistry {
  private readonly byKey = new Map<string, number>();

  constructor(
    private readonly state: CoreState,
    private readonly ledger: Ledger,
  ) {
    for (const a of state.accounts.values()) this.byKey.set(a.key, a.id);
  }

  get(id: number): Account | undefined {
    return this.state.accounts.get(id);
  }

  byApiKey(key: string): Account | undefined {
    const id = this.byKey.get(key);
    return id === undefined ? undefined : this.state.accounts.get(id);
  }

  byName(name: string): Account | undefined {
    for (const a of this.state.accounts.values()) if (a.name === name) return a;
    return undefined;
  }

  children(id: number): Account[] {
    return [...this.state.accounts.values()].filter((a) => a.parentId === id);
  }

  /**
   * Creates the account (seeding its balances) or, when the name (or else the key) is known, re-keys it and
   * keeps its balances and orders. Returns the account id.
   */
  ensure(input: AccountInput, now: number): number {
    const name = input.name ?? input.key;
    const existing = this.byName(name) ?? this.byApiKey(input.key);
    const holder = this.byApiKey(input.key);
    if (holder !== undefined && holder !== existing) throw badRequest(`API key already belongs to another account`);
    for (const cur of Object.keys(input.balances)) {
      if (!CURRENCIES.some((c) => c.shortName === cur)) throw badRequest(`Unknown currency ${cur}`);
      const v = dec(input.balances[cur] as string);
      if (v.isNegative() || !v.isFinite()) throw badRequest(`Invalid balance for ${cur}`);
    }
    if (existing !== undefined) {
      if (existing.key !== input.key) {
        this.byKey.delete(existing.key);
        existing.key = input.key;
        existing.lastNonce = '0';
        this.byKey.set(input.key, existing.id);
      }
      existing.secret = input.secret;
      if (input.email !== undefined) existing.email = input.email;
      return existing.id;
    }
    const parent = input.parent === undefined ? undefined : this.byName(input.parent);
    if (input.parent !== undefined && parent === undefined) throw badRequest(`Unknown parent account ${input.parent}`);
    const account: Account = {
      id: ++this.state.counters.account,
      name,
      email: input.email ?? `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@paper.local`,
      parentId: parent?.id ?? 0,
      key: input.key,
      secret: input.secret,
      lastNonce: '0',
      internal: input.internal === true,
      createdAt: now,
    };
    this.state.accounts.set(account.id, account);
    this.byKey.set(account.key, account.id);
    for (const [cur, amount] of Object.entries(input.balances)) {
      const v = dec(amount).toDecimalPlaces(8);
      if (v.isZero()) continue;
      const w = this.ledger.wallet(account.id, 'SPOT', '', cur, now);
      this.ledger.move(w, v, dec(0), 'MOTION_TYPE_DEPOSIT', now);
      if (!account.internal) {
        this.state.deposits.push({
          id: ++this.state.counters.deposit,
          accountId: account.id,
          currency: cur,
          amount: v,
          time: now,
        });
      }
    }
    return account.id;
  }

  /** Records an accepted nonce (the auth layer has already checked it is greater than the last one). */
  acceptNonce(accountId: number, nonce: string): void {
    const a = this.state.accounts.get(accountId);
    if (a !== undefined) a.lastNonce = nonce;
  }
}
