/** The algo journal: atomic per-algo files, validated on load; a damaged file is set aside with a warning. */
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createAlgoJournal } from '../../main/algos/journal';
import { statusOf } from '../../main/algos/status';
import type { AlgoRecord } from '../../main/algos/types';
import { algoDefinitionSchema } from '../../preload/contract';
import { tempDir } from './helpers';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const record = (id: string, seq: number): AlgoRecord => ({
  version: 1,
  id,
  profileId: 'p1',
  definition: { type: 'iceberg', pair: 'BTC_USD', side: 'buy', total: '1', visible: '0.1', price: '50000' },
  createdAt: 1,
  status: statusOf('running', null, 1),
  held: false,
  cancelRequested: false,
  children: [],
  nextSeq: seq,
  memory: {},
  notes: [],
  lastAction: 'created',
  lastActionAt: 1,
});

it('keeps the last of many quick saves and loads it back; sets a damaged file aside', async () => {
  const dir = await tempDir();
  dirs.push(dir);
  const j = createAlgoJournal(dir, () => 7);
  await Promise.all(Array.from({ length: 30 }, (_, i) => j.save(record('ic1', i + 1))));
  await j.save(record('ic2', 1));
  await writeFile(join(dir, 'bad1.json'), '{"version":1,"id":"bad1"');
  const { records, problems } = await j.loadAll();
  expect(records.map((r) => [r.id, r.nextSeq])).toEqual([
    ['ic1', 30],
    ['ic2', 1],
  ]);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toContain('bad1.json.corrupt-7');
  // No temp files are left behind.
  expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
});

it('the contract refuses bad definitions naming the field', () => {
  const bad = (d: unknown) => {
    const r = algoDefinitionSchema.safeParse(d);
    return r.success ? null : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  expect(bad({ type: 'oco', pair: 'BTC_USD', side: 'sell', amount: '1', takeProfit: '100', stop: '200' })).toEqual([
    'takeProfit: must be above the stop when selling',
  ]);
  expect(bad({ type: 'twap', pair: 'BTC_USD', side: 'buy', total: '1', durationMs: 5000 })).toEqual([
    'slices: give either the number of slices or the interval',
  ]);
  expect(bad({ type: 'iceberg', pair: 'BTC_USD', side: 'buy', total: '1', visible: '0.1', price: 5 })?.[0]).toMatch(
    /^price:/,
  );
  expect(
    bad({
      type: 'trailing',
      pair: 'BTC_USD',
      side: 'sell',
      amount: '1',
      distance: '60',
      distanceKind: 'percent',
      fire: 'market',
    }),
  ).toEqual(['distance: must be at most 50 percent']);
  expect(bad({ type: 'bracket', pair: 'BTC_USD', side: 'buy', amount: '1', takeProfit: '110', stop: '90' })).toBeNull();
});
