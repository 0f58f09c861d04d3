/**
 * The exchange goes away for 10 s in the middle of a TWAP (closed, then a new paper exchange on the same port
 * and state file): the algo says `paused: offline` within 5 s, resumes by itself once the venue is back, and
 * finishes with exactly its total and no child placed twice. The outage is real time (the engine's clock
 * cannot make a closed port answer sooner); everything else waits on conditions.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { PaperExchangeInternals } from '../../main/paper';
import {
  COUNTER,
  clientOf,
  exchangeChildren,
  expectDistinctIds,
  startEngine,
  startVenue,
  TRADER,
  tempDir,
  until,
} from './helpers';

let paper: PaperExchangeInternals | null = null;
const dirs: string[] = [];

afterAll(async () => {
  await paper?.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

it('paused: offline within 5 s of losing the venue, resumes after 10 s, nothing duplicated', {
  timeout: 120_000,
}, async () => {
  const dir = await tempDir();
  dirs.push(dir);
  const statePath = join(dir, 'paper-state.json');
  paper = await startVenue({ statePath });
  const port = paper.port;
  await clientOf(paper.url, COUNTER).placeOrderV3({
    pair: 'BTC_USD',
    side: 'sell',
    type: 'LIMIT',
    price: '50000',
    amount: '0.04',
  });
  const t = await startEngine(clientOf(paper.url, TRADER), join(dir, 'journal'));
  const algo = await t.engine.create({
    type: 'twap',
    pair: 'BTC_USD',
    side: 'buy',
    total: '0.04',
    durationMs: 12_000,
    slices: 4,
    priceLimit: '50000',
  });
  await until('slice 1 filled', () => t.latest(algo.id).filled === '0.01');

  await paper.close();
  paper = null;
  const lostAt = Date.now();
  const paused = await until('paused: offline', () => {
    const s = t.latest(algo.id).status;
    return s.label === 'paused: offline' ? s : undefined;
  });
  expect(paused.since - lostAt).toBeLessThan(5_000);

  // Ten seconds without the venue; the algo stays paused (and says so) the whole time.
  await new Promise((r) => setTimeout(r, Math.max(0, lostAt + 10_000 - Date.now())));
  expect(t.latest(algo.id).status.label).toBe('paused: offline');
  paper = await startVenue({ statePath, port });

  await until('running again', () => t.latest(algo.id).status.kind !== 'paused', 30_000);
  await until('done', () => t.latest(algo.id).status.kind === 'done', 30_000);
  const kids = exchangeChildren(paper, algo.id);
  expectDistinctIds(kids);
  expect(kids.map((o) => [o.clientOrderId, o.amount, o.filled, o.status])).toEqual(
    [1, 2, 3, 4].map((k) => [`${algo.id}-${k}`, '0.01', '0.01', 'FILLED']),
  );
  expect(t.latest(algo.id).filled).toBe('0.04');
  // The states it went through, in order, as the panel saw them.
  await until('the panel saw done', () => t.views.some((v) => v.find((x) => x.id === algo.id)?.status.kind === 'done'));
  const labels = t.views.map((v) => v.find((x) => x.id === algo.id)?.status.label).filter((l, i, a) => l !== a[i - 1]);
  expect(labels).toContain('paused: offline');
  expect(labels.indexOf('paused: offline')).toBeLessThan(labels.lastIndexOf('done'));
  await t.engine.stop();
});
