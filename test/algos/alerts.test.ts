/**
 * Price alerts: the firing rules (above / below / crossing, one-shot / repeating) and the service that keeps
 * them per profile, persists them atomically, watches prices only while one is active and notifies with sound.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AlertService } from '../../main/alerts/alert-service';
import { evaluate } from '../../main/alerts/alert-rules';
import { type AlertStore, createAlertStore } from '../../main/alerts/alert-store';
import { NotificationHub } from '../../main/alerts/notifier';
import type { PriceSource } from '../../main/algos/prices';
import type { AlertDefinition, Ticker } from '../../preload/domain';
import { tempDir } from './helpers';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function run(def: AlertDefinition, prices: string[]): boolean[] {
  let memory = { prev: null as string | null, armed: true };
  return prices.map((p) => {
    const r = evaluate(def, memory, p);
    memory = r.memory;
    return r.fire;
  });
}

const base: AlertDefinition = {
  pair: 'BTC_USD',
  condition: 'above',
  source: 'last',
  price: '100',
  repeat: true,
  sound: false,
};

describe('alert rules', () => {
  it('above fires at or beyond the level, again only after it cleared', () => {
    expect(run(base, ['99', '100', '101', '99.99', '100.5'])).toEqual([false, true, false, false, true]);
  });
  it('below fires at once when already below', () => {
    expect(run({ ...base, condition: 'below' }, ['98', '97', '101', '100'])).toEqual([true, false, false, true]);
  });
  it('crossing fires on each move through the level, either way, never on the first price', () => {
    expect(run({ ...base, condition: 'crossing' }, ['101', '100', '100', '99', '101', '102'])).toEqual([
      false,
      true,
      false,
      false,
      true,
      false,
    ]);
  });
});

class FakePrices implements PriceSource {
  listeners = new Set<(t: Ticker[]) => void>();
  subscribe(l: (t: Ticker[]) => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  push(pair: string, last: string, bid = last, ask = last) {
    const t: Ticker = { pair, time: 0, last, changePct: '0', volume: '0', high: last, low: last, bid, ask };
    for (const l of [...this.listeners]) l([t]);
  }
}

describe('alert service', () => {
  it('fires a one-shot alert once with sound, persists it, and stops watching prices', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const prices = new FakePrices();
    const notes = new NotificationHub();
    // The service saves a firing in the background; the test keeps each save to wait for it, not for a time.
    const store = createAlertStore(dir);
    const saves: Promise<void>[] = [];
    const tracked: AlertStore = {
      load: () => store.load(),
      save: (alerts) => {
        const saved = store.save(alerts);
        saves.push(saved);
        return saved;
      },
    };
    const svc = new AlertService({ store: tracked, pricesFor: () => prices, notifier: notes });
    await svc.start();
    expect(prices.listeners.size).toBe(0);
    const a = await svc.create('p1', {
      ...base,
      condition: 'crossing',
      source: 'bid',
      price: '60500',
      repeat: false,
      sound: true,
    });
    expect(prices.listeners.size).toBe(1);
    prices.push('BTC_USD', '61000', '61000');
    prices.push('BTC_USD', '60000', '60400');
    expect(notes.recent.map((n) => [n.title, n.sound])).toEqual([['Alert: BTC_USD bid crossed 60500', true]]);
    expect(svc.list('p1')[0]).toMatchObject({ id: a.id, active: false, fireCount: 1 });
    expect(prices.listeners.size).toBe(0);
    prices.push('BTC_USD', '61000');
    expect(notes.recent).toHaveLength(1);
    // Persisted: a new service over the same file sees it fired.
    expect(saves).toHaveLength(2); // the creation, then the firing
    await Promise.all(saves);
    const again = new AlertService({ store: createAlertStore(dir), pricesFor: () => prices, notifier: notes });
    await again.start();
    expect(again.list('p1')).toMatchObject([{ id: a.id, active: false, fireCount: 1 }]);
    expect(again.list('other')).toEqual([]);
  });

  it('a damaged alerts file is set aside, not trusted and not lost', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    await writeFile(join(dir, 'alerts.json'), '{"version":1,"alerts":[{"pair":"nope"}]}');
    const svc = new AlertService({
      store: createAlertStore(dir, () => 42),
      pricesFor: () => new FakePrices(),
      notifier: new NotificationHub(),
    });
    await svc.start();
    expect(svc.list('p1')).toEqual([]);
    expect(svc.problem).toContain('alerts.json.corrupt-42');
    expect(await readFile(join(dir, 'alerts.json.corrupt-42'), 'utf8')).toContain('nope');
  });
});
