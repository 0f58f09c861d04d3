/**
 * Verifying a key: one signed call says whether it works; a v3 accounts call says whether v3 is open to it and
 * which (sub)accounts it reaches. ALP.COM does not expose a key's permissions, so "can trade" is only claimed
 * where it is certain (the paper exchange), and the message says so for the live exchange.
 */
import type { VerifyResult } from '../../preload/contract';
import type { AlpClient, ApiErrorKind } from '../api/types';
import type { VenueKind } from '../../preload/domain';
import { orderAccounts } from './subaccounts';

/** The client's ApiError carries only `kind`; this app's own errors (keychain, profile) also carry `code` and already say what to do. */
function errorKind(err: unknown): ApiErrorKind | 'own' | null {
  if (typeof err !== 'object' || err === null) return null;
  const o = err as { kind?: unknown; code?: unknown };
  if (typeof o.code === 'string') return 'own';
  return typeof o.kind === 'string' ? (o.kind as ApiErrorKind) : null;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : 'unknown error';
}

/** Plain words for why the signed call failed. */
export function explainFailure(err: unknown, baseUrl: string): string {
  switch (errorKind(err)) {
    case 'own':
      return errorText(err);
    case 'auth':
      return 'The exchange refused this key: check the key and secret, and that the key is enabled on the exchange.';
    case 'nonce':
      return 'The exchange rejected the request nonce: another app may be using this key. Use a separate key for ALP Terminal.';
    case 'network':
      return `The exchange is unreachable at ${baseUrl}: check your connection or the account's base URL.`;
    case 'timeout':
      return `The exchange at ${baseUrl} did not answer in time: try again in a moment.`;
    case 'rate_limit':
      return 'The exchange is rate-limiting this key: wait a minute and verify again.';
    case 'malformed':
      return `The server at ${baseUrl} did not answer like ALP.COM: check the account's base URL.`;
    default:
      return `Verification failed: ${errorText(err)}`;
  }
}

export async function verifyClient(client: AlpClient, venue: VenueKind, baseUrl: string): Promise<VerifyResult> {
  try {
    await client.wallets();
  } catch (err) {
    return {
      ok: false,
      message: explainFailure(err, baseUrl),
      canRead: false,
      canTrade: false,
      v3: false,
      accounts: [],
    };
  }
  let v3 = false;
  let accounts: VerifyResult['accounts'] = [];
  let v3Note = '';
  try {
    accounts = orderAccounts(await client.accounts({ includeSubaccounts: true }));
    v3 = true;
    const subs = accounts.filter((a) => a.parentId !== null).length;
    v3Note = ` v3 API available (${accounts.length} account${accounts.length === 1 ? '' : 's'}${subs ? `, ${subs} subaccount${subs === 1 ? '' : 's'}` : ''}).`;
  } catch (err) {
    const kind = errorKind(err);
    // In the current dialect everything is v3: the balances call above already proved the key works.
    v3Note =
      client.dialect === 'current'
        ? ` Could not list the key's accounts: ${explainFailure(err, baseUrl)}`
        : kind === 'auth' || kind === 'unsupported' || kind === 'rejected'
          ? ' The v3 API is not enabled for this key; v1 features still work.'
          : ` Could not check v3 access: ${explainFailure(err, baseUrl)}`;
  }
  if (venue === 'paper') {
    return {
      ok: true,
      message: `Key works: it can read balances and trade on the paper exchange.${v3Note}`,
      canRead: true,
      canTrade: true,
      v3,
      accounts,
    };
  }
  return {
    ok: true,
    message:
      'Key works: it can read balances. ALP.COM does not report whether a key may trade; that shows on the first order.' +
      v3Note,
    canRead: true,
    canTrade: false,
    v3,
    accounts,
  };
}
