/**
 * Crash and restart: the engine runs in a child process that is killed with SIGKILL around a child order
 * (before the exchange saw it, or after the exchange created it but before the journal heard back). A new
 * engine started from the same journal reconciles first: no client order id is ever placed twice on the
 * exchange, and the algo finishes with exactly its total. Each crash case has its own exchange (nothing shared:
 * its own resting liquidity, its trader's own rate limit), so the cases run concurrently: each spends most of its
 * time waiting (the process start, the journaled resend deadline, the TWAP's interval).
 */
import { spawn } from 'node:child_process';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, type ExpectStatic, expect, it } from 'vitest';
import type { AlpClient } from '../../main/api/types';
import type { PaperExchangeInternals } from '../../main/paper';
import { NotificationHub } from '../../main/alerts/notifier';
import { AlgoService } from '../../main/algos/service';
import type { AlgoDefinition } from '../../preload/domain';
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

const fixture = fileURLToPath(new URL('./fixtures/engine-process.ts', import.meta.url));

let paper: PaperExchangeInternals;
let counter: AlpClient;
const dirs: string[] = [];
const venues: PaperExchangeInternals[] = [];

beforeAll(async () => {
  paper = await startVenue();
  counter = clientOf(paper.url, COUNTER);
});

afterAll(async () => {
  await paper?.close();
  for (const v of venues) await v.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Runs the engine process until it kills itself; returns the algo id it printed and how it ended. */
function runUntilCrash(venueUrl: string, dir: string, def: AlgoDefinition, crashAt: number, mode: string) {
  return new Promise<{ id: string; signal: NodeJS.Signals | null }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PAPER_URL: venueUrl,
        JOURNAL_DIR: dir,
        ALGO_DEF: JSON.stringify(def),
        CRASH_AT: String(crashAt),
        CRASH_MODE: mode,
        API_KEY: TRADER.key,
        API_SECRET: TRADER.secret,
      },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      const id = /algo (\S+)/.exec(out)?.[1];
      if (!id) reject(new Error(`engine process printed no algo id: ${out} ${err}`));
      else if (signal === null) reject(new Error(`engine process exited (code ${_code}) instead of crashing: ${err}`));
      else resolve({ id, signal });
    });
  });
}

async function journalOf(expect: ExpectStatic, dir: string, id: string) {
  const names = await readdir(dir);
  expect(names).toContain(`${id}.json`);
  return JSON.parse(await readFile(join(dir, `${id}.json`), 'utf8')) as {
    children: { seq: number; state: string; clientOrderId: string }[];
  };
}

const cases: { name: string; def: AlgoDefinition; kids: string[] }[] = [
  {
    name: 'TWAP',
    def: {
      type: 'twap',
      pair: 'BTC_USD',
      side: 'buy',
      total: '0.04',
      durationMs: 4_000,
      slices: 4,
      priceLimit: '50000',
    },
    kids: ['0.01', '0.01', '0.01', '0.01'],
  },
  {
    name: 'iceberg',
    def: { type: 'iceberg', pair: 'BTC_USD', side: 'buy', total: '0.03', visible: '0.01', price: '50000' },
    kids: ['0.01', '0.01', '0.01'],
  },
];

describe('crash and restart from the journal', () => {
  describe.concurrent('an engine process killed around child 2', () => {
    for (const c of cases) {
      for (const mode of ['before-send', 'after-send'] as const) {
        it(`${c.name}: killed ${mode} of child 2, restarted: every child once, total exact`, async ({ expect }) => {
          const dir = await tempDir();
          dirs.push(dir);
          const venue = await startVenue();
          venues.push(venue);
          // Resting liquidity, so each child fills the moment it is placed.
          await clientOf(venue.url, COUNTER).placeOrderV3({
            pair: 'BTC_USD',
            side: 'sell',
            type: 'LIMIT',
            price: '50000',
            amount: c.def.type === 'twap' ? '0.04' : '0.03',
          });
          const { id, signal } = await runUntilCrash(venue.url, dir, c.def, 2, mode);
          expect(signal).toBe('SIGKILL');
          const journal = await journalOf(expect, dir, id);
          // The crash left child 2 journaled but unanswered.
          expect(journal.children.map((k) => [k.seq, k.state])).toEqual([
            [1, 'closed'],
            [2, 'sending'],
          ]);
          expect(exchangeChildren(venue, id)).toHaveLength(mode === 'after-send' ? 2 : 1);

          const t = await startEngine(clientOf(venue.url, TRADER), dir);
          await until('done after restart', () => t.latest(id).status.kind === 'done');
          const onExchange = exchangeChildren(venue, id);
          expectDistinctIds(onExchange);
          expect(onExchange.map((o) => [o.clientOrderId, o.amount, o.filled, o.status])).toEqual(
            c.kids.map((a, i) => [`${id}-${i + 1}`, a, a, 'FILLED']),
          );
          const v = t.latest(id);
          expect([v.filled, v.total, v.childrenPlaced]).toEqual([
            c.def.type === 'twap' ? '0.04' : '0.03',
            v.total,
            c.kids.length,
          ]);
          expect(v.filled).toBe(v.total);
          await t.engine.stop();
        });
      }
    }
  });

  it('the app’s algo service resumes every journaled algo at start, before anyone asks for it', async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const make = () =>
      new AlgoService({
        dir,
        clientFor: () => clientOf(paper.url, TRADER),
        pricesFor: () => null,
        notifier: new NotificationHub(),
        pollMs: 300,
      });
    const first = make();
    const v = await first.create('p1', {
      type: 'iceberg',
      pair: 'BTC_USD',
      side: 'sell',
      total: '0.02',
      visible: '0.01',
      price: '90000',
    });
    await until('part 1 resting', () => exchangeChildren(paper, v.id).some((o) => o.status === 'OPEN'));
    await first.stop();
    // While the app is closed, part 1 fills.
    await counter.placeOrderV3({ pair: 'BTC_USD', side: 'buy', type: 'LIMIT', price: '90000', amount: '0.01' });
    const second = make();
    await second.start(['p1', 'no-journal-profile']);
    await until('part 2 placed by the resumed engine', () => exchangeChildren(paper, v.id).length === 2);
    await counter.placeOrderV3({ pair: 'BTC_USD', side: 'buy', type: 'LIMIT', price: '90000', amount: '0.01' });
    await until('done', async () => (await second.list('p1')).find((x) => x.id === v.id)?.status.kind === 'done');
    expect(exchangeChildren(paper, v.id).map((o) => [o.clientOrderId, o.filled, o.status])).toEqual([
      [`${v.id}-1`, '0.01', 'FILLED'],
      [`${v.id}-2`, '0.01', 'FILLED'],
    ]);
    await second.stop();
  });
});
