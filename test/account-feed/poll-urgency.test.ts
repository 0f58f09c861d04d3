/**
 * While polling (no private stream), the first poll of a stream and a poll a nudge asked for are reads the trader
 * waits for (`urgent`: the limiter serves them before background reads); the polls between are background.
 */
import { expect, it } from 'vitest';
import type { Balance, Order } from '../../preload/domain';
import { createAccountSources } from '../../main/account-feed';
import type { AlpClient } from '../../main/api/types';
import { ManualTimers } from './helpers';

it('marks the first and the nudged polls urgent, the periodic ones background', async () => {
  const urgency = { orders: [] as boolean[], balances: [] as boolean[] };
  const client = {
    ordersV3: async (q?: { urgent?: boolean }): Promise<Order[]> => {
      urgency.orders.push(q?.urgent === true);
      return [];
    },
    wallets: async (q?: { urgent?: boolean }): Promise<Balance[]> => {
      urgency.balances.push(q?.urgent === true);
      return [];
    },
  } as unknown as AlpClient;
  const timers = new ManualTimers();
  const sources = createAccountSources({ clientFor: () => client, setTimer: timers.setTimer, now: () => 0 });
  const stops = [
    sources['account.orders']({ profileId: 'p' }, () => {}),
    sources['account.balances']({ profileId: 'p' }, () => {}),
  ];
  await timers.fire(); // the first polls
  await timers.fire(); // the next, periodic ones
  sources.nudge('p'); // the trader placed an order
  await timers.fire();
  await timers.fire(); // periodic again
  expect(urgency.orders).toEqual([true, false, true, false]);
  expect(urgency.balances).toEqual([true, false, true, false]);
  for (const s of stops) s();
  sources.dispose();
});
