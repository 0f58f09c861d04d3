/**
 * The set-up the API and algo tests share: a quiet paper exchange (no simulated market, so every trade is one a
 * test made) with its accounts seeded, and a real AlpClient per account, over HTTP on 127.0.0.1.
 */
import { ApiError, createAlpClient, createMemoryNonceStore } from '../../main/api';
import type { AlpClient, AlpClientDeps } from '../../main/api/types';
import {
  type PaperAccountSeed,
  type PaperExchangeInternals,
  type PaperExchangeOptions,
  startPaperExchange,
} from '../../main/paper';
import type { RequestTrace } from '../../preload/domain';

/** The credentials of one account on the venue (a paper account seed has them). */
export interface TraderKeys {
  key: string;
  secret: string;
}

/** A quiet paper exchange on a free port with these accounts; `extra` adds to or overrides any option. */
export function startQuietPaper(
  accounts: PaperAccountSeed[],
  extra: PaperExchangeOptions = {},
): Promise<PaperExchangeInternals> {
  return startPaperExchange({ port: 0, simulate: false, seed: 1, accounts, ...extra });
}

export type TraderClientOptions = Omit<Partial<AlpClientDeps>, 'baseUrl' | 'credentials'> & {
  /** Every request the client makes is traced into this list (tests read rejections and paths from it). */
  traces?: RequestTrace[];
};

/**
 * A client signing as `who` on the venue at `url` with the client's defaults and in-memory nonces; the options
 * set the dialect, a timeout, a clock or another nonce store, and where traces go.
 */
export function traderClient(url: string, who: TraderKeys, options: TraderClientOptions = {}): AlpClient {
  const { traces, ...deps } = options;
  const client = createAlpClient({
    baseUrl: url,
    credentials: { apiKey: who.key, secret: async () => who.secret },
    nonceStore: createMemoryNonceStore(),
    ...deps,
  });
  if (traces) client.onTrace((t) => traces.push(t));
  return client;
}

/** How a call ended: 'ok', or the ApiError's kind; anything else is not an answer and is thrown again. */
export async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof ApiError) return e.kind;
    throw e;
  }
}
