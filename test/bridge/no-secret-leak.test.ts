import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventName, eventNames, type MethodName, methodNames, type RequestOf } from '../../preload/contract';
import type { AppServices } from '../../main/app/services';
import { startTestServices } from '../support/app-services';

const KEY = 'leak-check-key-7f3a9c2e41';
const SECRET = 'leak-check-SECRET-b8d1e6f0a2c4';

/** A valid request for every method; the test fails to compile when the contract gains one not listed here. */
function requests(profileId: string): { [M in MethodName]: RequestOf<M> } {
  const p = { profileId };
  const pp = { profileId, pair: 'BTC_USD' };
  return {
    'app.info': {},
    'app.notify': { title: 'Filled', body: 'Bought 0.01 BTC' },
    'app.checkUpdates': {},
    'accounts.list': {},
    'accounts.add': { label: 'Second', venue: 'paper', apiKey: `${KEY}-2`, apiSecret: `${SECRET}-2`, color: '#ff8800' },
    'accounts.edit': { id: profileId, label: 'Renamed' },
    'accounts.rotateSecret': { id: profileId, apiSecret: SECRET },
    'accounts.remove': { id: profileId },
    'accounts.activate': { id: profileId },
    'accounts.verify': { id: profileId },
    'accounts.subaccounts': p,
    'market.pairs': p,
    'market.currencies': p,
    'market.tickers': p,
    'market.candles': { ...pp, timeframe: '60', limit: 10 },
    'market.orderbook': pp,
    'market.trades': { ...pp, limit: 5 },
    'trade.balances': p,
    'trade.openOrders': p,
    'trade.orderHistory': p,
    'trade.ownTrades': p,
    'trade.place': { ...pp, api: 'v1', side: 'buy', type: 'LIMIT', price: '100.00', amount: '0.001' },
    'trade.cancel': { profileId, orderId: 999_999 },
    'trade.cancelAll': pp,
    'trade.deposits': p,
    'trade.withdraws': p,
    'trade.fees': p,
    'trade.walletActivity': p,
    'margin.positions': p,
    'margin.balances': p,
    'margin.borrow': { profileId, walletType: 'CROSS_MARGIN', currency: 'USD', amount: '10' },
    'margin.repay': { profileId, walletType: 'CROSS_MARGIN', currency: 'USD', amount: '10' },
    'margin.transfer': { profileId, walletType: 'CROSS_MARGIN', direction: 'ADD', currency: 'USD', amount: '10' },
    'margin.close': { profileId, walletType: 'CROSS_MARGIN' },
    'margin.borrows': p,
    'margin.repays': p,
    'margin.transfers': p,
    'margin.interest': p,
    'margin.liquidations': p,
    'pnl.summary': { profileId, method: 'fifo' },
    'pnl.portfolio': p,
    'pnl.history': { profileId, points: 5 },
    'export.csv': { profileId, kind: 'trades', destination: 'download' },
    'settings.get': {},
    'settings.update': { theme: 'light' },
    'diagnostics.traces': p,
    'algos.list': p,
    'algos.create': {
      profileId,
      definition: { type: 'iceberg', pair: 'BTC_USD', side: 'buy', total: '0.01', visible: '0.005', price: '100.00' },
    },
    'algos.pause': { profileId, algoId: 'no-such-algo' },
    'algos.resume': { profileId, algoId: 'no-such-algo' },
    'algos.cancel': { profileId, algoId: 'no-such-algo' },
    'algos.remove': { profileId, algoId: 'no-such-algo' },
    'alerts.list': p,
    'alerts.create': {
      profileId,
      alert: { pair: 'BTC_USD', condition: 'above', source: 'last', price: '1000000', repeat: false, sound: false },
    },
    'alerts.remove': { profileId, alertId: 'no-such-alert' },
  };
}

function streamParams(profileId: string): { [E in EventName]: unknown } {
  return {
    'market.tickers': { profileId },
    'market.book': { profileId, pair: 'BTC_USD' },
    'market.trades': { profileId, pair: 'BTC_USD' },
    'market.candles': { profileId, pair: 'BTC_USD', timeframe: '5' },
    'account.orders': { profileId },
    'account.balances': { profileId },
    'account.fills': { profileId },
    'app.status': { profileId },
    'accounts.changed': {},
    'algos.changed': { profileId },
    'alerts.changed': { profileId },
    'app.notifications': {},
    'app.notices': {},
    'app.command': {},
  };
}

describe('no bridge method or stream returns a secret', () => {
  let dir: string;
  let services: AppServices;
  let profileId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alp-leak-'));
    services = await startTestServices(dir, { simulate: false, seed: 3, statePath: null });
    const added = await services.dispatch('accounts.add', {
      label: 'Leak check',
      venue: 'paper',
      apiKey: KEY,
      apiSecret: SECRET,
      color: '#3b82f6',
    });
    expect(added.ok).toBe(true);
    profileId = (added as { value: { id: string } }).value.id;
  });
  afterAll(async () => {
    await services?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('walks every method (remove last) and every stream', async () => {
    const seen: string[] = [];
    const page = {};
    const params = streamParams(profileId);
    for (const stream of eventNames) {
      services.hub.subscribe(
        page,
        (_id, payload) => seen.push(JSON.stringify(payload)),
        stream,
        params[stream],
        seen.length + 1000,
      );
    }
    const all = requests(profileId);
    const ordered = [...methodNames.filter((m) => m !== 'accounts.remove'), 'accounts.remove' as const];
    for (const method of ordered) {
      const result = await services.dispatch(method, all[method]);
      seen.push(`${method} ${JSON.stringify(result)}`);
    }
    services.hub.dropClient(page);
    const text = seen.join('\n');
    expect(seen.length).toBeGreaterThan(methodNames.length);
    for (const secret of [SECRET, `${SECRET}-2`, KEY, `${KEY}-2`]) expect(text).not.toContain(secret);
  });

  it('writes no secret to any file in the user-data folder', async () => {
    const files = await readdir(dir, { recursive: true });
    for (const file of files) {
      const body = await readFile(join(dir, String(file)), 'utf8').catch(() => '');
      expect(body, String(file)).not.toContain(SECRET);
    }
  });
});
