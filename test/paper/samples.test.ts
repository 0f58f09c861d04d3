import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import hmacSha256 from 'crypto-js/hmac-sha256';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaperExchangeInternals } from '../../main/paper/index';
import { ALICE, TestClock, http, startQuiet } from './helpers';

const run = promisify(execFile);

/** The contract's Python sample: get_auth_headers verbatim (with the key/secret placeholders filled in). */
const PYTHON = `
import hmac, json, sys
from time import time
from urllib.parse import urlencode
from urllib.request import Request, urlopen
from urllib.error import HTTPError

class Client:
    def get_auth_headers(self, data):
            msg = 'alice-key' + urlencode(sorted(data.items(), key=lambda val: val[0]))

            sign = hmac.new('alice-secret'.encode(), msg.encode(), digestmod='sha256').hexdigest()

            return {
                'X-KEY': 'alice-key',
                'X-SIGN': sign,
                'X-NONCE': str(int(time() * 1000)),
            }

base = sys.argv[1]
order = {
    'type': 'buy',
    'pair': 'BTC_USD',
    'amount': '1.0',
    'price': '870.69'
}
headers = Client().get_auth_headers(order)
headers['Content-Type'] = 'application/x-www-form-urlencoded'
req = Request(base + '/api/v1/order/', data=urlencode(order).encode(), headers=headers, method='POST')
try:
    with urlopen(req) as r:
        print(json.dumps({'status': r.status, 'body': r.read().decode()}))
except HTTPError as e:
    print(json.dumps({'status': e.code, 'body': e.read().decode()}))
`;

/** The contract's Node sample: serializePayload and getAuthHeaders verbatim (crypto-js), API_KEY/SECRET filled in. */
const API_KEY = 'alice-key';
const SECRET = 'alice-secret';
function serializePayload(payload: Record<string, string>): string {
  return Object.keys(payload) // get keys of payload object
    .sort() // sort keys
    .map((key) => `${key}=${encodeURIComponent(payload[key] as string)}`) // each value should be url encoded. the most sensitive part for sign checking
    .join('&'); // to sting, separate with ampersand
}
function getAuthHeaders(payload: Record<string, string>) {
  // get SHA256 of <API_KEY><sorted urlencoded payload string><SECRET>
  const sign = hmacSha256(API_KEY + serializePayload(payload), SECRET).toString();

  return {
    'X-KEY': API_KEY,
    'X-SIGN': sign,
    'X-NONCE': Date.now(),
  };
}

describe("the contract's own sample code", () => {
  let clock: TestClock;
  let ex: PaperExchangeInternals;
  beforeEach(async () => {
    // The samples send Date.now() as the nonce, which must not be more than a day ahead of the exchange clock.
    clock = new TestClock(Date.now());
    ex = await startQuiet(clock);
  });
  afterEach(async () => {
    await ex.close();
  });

  it('Python get_auth_headers with a form POST of an order is accepted', async () => {
    const { stdout } = await run('python3', ['-c', PYTHON, ex.url]);
    const out = JSON.parse(stdout) as { status: number; body: string };
    expect(out.status).toBe(200);
    expect(JSON.parse(out.body)).toMatchObject({ success: true, type: 'buy', price: 870.69, amount: 1 });
    expect(ex.core.exchange.activeOrders(ex.core.accounts.byApiKey(ALICE.key)?.id ?? -1)).toHaveLength(1);
  });

  it("Node sample's signing works for GET wallets and a form POST with a value needing encoding", async () => {
    const wallets = await http(`${ex.url}/api/v1/wallets/`, {
      headers: Object.fromEntries(Object.entries(getAuthHeaders({})).map(([k, v]) => [k, String(v)])),
    });
    expect(wallets.status).toBe(200);
    clock.advance(1000);
    const order = { type: 'sell', pair: 'ETH_USD', amount: '0.5', price: '3100.5' };
    const headers = Object.fromEntries(Object.entries(getAuthHeaders(order)).map(([k, v]) => [k, String(v)]));
    const r = await http(`${ex.url}/api/v1/order/`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(order).toString(),
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ success: true, type: 'sell' });
  });
});
