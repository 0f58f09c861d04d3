import { describe, expect, it } from 'vitest';
import { BridgeError, toBridgeError } from '../../main/bridge/errors';

const apiError = (kind: string, message: string, field?: string) => Object.assign(new Error(message), { kind, field });

describe('errors crossing the bridge', () => {
  it('add what to do to failures whose message only says what happened', () => {
    expect(toBridgeError(apiError('network', 'wallets: could not reach the exchange (ECONNREFUSED)'))).toEqual({
      code: 'network',
      message:
        'wallets: could not reach the exchange (ECONNREFUSED). Check the connection and the profile’s base URL; reads retry by themselves.',
    });
    expect(toBridgeError(apiError('auth', 'wallets: authentication failed: Invalid signature.')).message).toBe(
      'wallets: authentication failed: Invalid signature. Check the profile’s API key and secret (Accounts: edit or rotate the secret), then verify it.',
    );
  });

  it('keep refusals as the exchange and the checks worded them, with the field', () => {
    expect(toBridgeError(apiError('rejected', 'create order: rejected by the exchange: Out of balance'))).toEqual({
      code: 'rejected',
      message: 'create order: rejected by the exchange: Out of balance',
    });
    expect(
      toBridgeError(apiError('validation', 'Price 1.234 has 3 decimals; BTC_USD allows 2. Use 1.23.', 'price')),
    ).toEqual({
      code: 'validation',
      message: 'Price 1.234 has 3 decimals; BTC_USD allows 2. Use 1.23.',
      field: 'price',
    });
    expect(toBridgeError(new BridgeError('forbidden', 'The built-in Paper profile cannot be removed.'))).toEqual({
      code: 'forbidden',
      message: 'The built-in Paper profile cannot be removed.',
    });
  });

  it('never pass internals of an unexpected error to the renderer', () => {
    const info = toBridgeError(
      new TypeError("Cannot read properties of undefined (reading 'x') at /home/me/app/main.js"),
    );
    expect(info.code).toBe('internal');
    expect(info.message).not.toContain('/home/me');
  });
});
