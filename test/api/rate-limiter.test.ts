import { describe, expect, it } from 'vitest';
import { type LimiterOptions, PRIORITY, RateLimiter } from '../../main/api/rate-limiter';
import { FakeClock } from './helpers';

type Shape = Omit<LimiterOptions, 'now' | 'sleep'>;

function limiter(clock: FakeClock, shape: Shape) {
  return new RateLimiter({ ...shape, now: clock.now, sleep: clock.sleep });
}

/** The client's private shape: 2 per 1000 ms + 50 ms margin, one slot kept for the trader, hold and aging. */
const PRIVATE: Shape = {
  perWindow: 2,
  windowMs: 1000,
  marginMs: 50,
  reserve: 1,
  holdMs: 1000,
  holdFree: 2,
  ageMs: 10_000,
};

interface Call {
  name: string;
  sentAt: number;
  answeredAt: number;
}

/** Schedules `name` and records when it was dispatched and answered (after `latencyMs` on the fake clock). */
function recorder(clock: FakeClock, l: RateLimiter) {
  const calls: Call[] = [];
  const run = (name: string, priority: number, latencyMs = 0) =>
    l.schedule(priority, async () => {
      const call = { name, sentAt: clock.now(), answeredAt: Number.NaN };
      calls.push(call);
      if (latencyMs > 0) await clock.sleep(latencyMs);
      call.answeredAt = clock.now();
      return name;
    });
  const sentAt = (name: string) => calls.find((c) => c.name === name)?.sentAt;
  return { calls, run, sentAt };
}

/**
 * The server counts each call when it arrives, somewhere between our dispatch and its answer. Three calls can
 * land in one window of the server's iff the latest dispatch comes less than `windowMs` after the earliest answer.
 */
function tightestTriple(calls: Call[]): number {
  let tightest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < calls.length; i++)
    for (let j = i + 1; j < calls.length; j++)
      for (let k = j + 1; k < calls.length; k++) {
        const t = [calls[i], calls[j], calls[k]] as Call[];
        const spread = Math.max(...t.map((c) => c.sentAt)) - Math.min(...t.map((c) => c.answeredAt));
        tightest = Math.min(tightest, spread);
      }
  return tightest;
}

describe('rate limiter (injected clock)', () => {
  it('bursts: two calls go at once, the third a window (plus the margin) after the first answers', async () => {
    const clock = new FakeClock(0);
    const l = limiter(clock, { perWindow: 2, windowMs: 1000, marginMs: 50 });
    const r = recorder(clock, l);
    const done = Array.from({ length: 6 }, (_, i) => r.run(`c${i}`, PRIORITY.create, 10));
    await clock.flush();
    expect(r.calls.map((c) => c.sentAt)).toEqual([0, 0]);
    await clock.advance(4000, 5);
    await Promise.all(done);
    // answered at 10: the slots free at 10 + 1000 + 50
    expect(r.calls.map((c) => c.sentAt)).toEqual([0, 0, 1060, 1060, 2120, 2120]);
    expect(tightestTriple(r.calls)).toBeGreaterThanOrEqual(1000);
  });

  it('never lets three calls reach one server window, whatever the mix, latencies and arrival order', async () => {
    const clock = new FakeClock(0);
    const l = limiter(clock, PRIVATE);
    const r = recorder(clock, l);
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const priorities = [PRIORITY.cancel, PRIORITY.create, PRIORITY.awaited, PRIORITY.read];
    const all: Promise<string>[] = [];
    for (let i = 0; i < 40; i++) {
      await clock.advance(Math.floor(rnd() * 600), 5);
      const p = priorities[Math.floor(rnd() * priorities.length)] as number;
      all.push(r.run(`x${i}`, p, Math.floor(rnd() * 400)));
    }
    await clock.advance(60_000, 10);
    await Promise.all(all);
    expect(r.calls.length).toBe(40);
    expect(tightestTriple(r.calls)).toBeGreaterThanOrEqual(1000);
    // and the limiter did burst: some pairs of calls went within a few ms of each other
    const sent = r.calls.map((c) => c.sentAt).sort((a, b) => a - b);
    expect(sent.some((t, i) => i > 0 && t - (sent[i - 1] as number) < 50)).toBe(true);
  });

  it('public: 100 per window go at once, the 101st waits for the window', async () => {
    const clock = new FakeClock(0);
    const l = limiter(clock, { perWindow: 100, windowMs: 1000, marginMs: 100 });
    const at: number[] = [];
    const all = Array.from({ length: 150 }, () =>
      l.schedule(PRIORITY.read, async () => {
        at.push(clock.now());
      }),
    );
    await clock.flush();
    expect(at.length).toBe(100);
    await clock.advance(1099, 1);
    expect(at.length).toBe(100);
    await clock.advance(1, 1);
    await Promise.all(all);
    expect(at.length).toBe(150);
    expect(at.slice(100).every((t) => t === 1100)).toBe(true);
  });

  it('serves cancels, then creates, then awaited reads, then background reads; FIFO within a priority', async () => {
    const clock = new FakeClock(0);
    const l = limiter(clock, { perWindow: 1, windowMs: 1000 });
    const r = recorder(clock, l);
    const ps = [
      r.run('read1', PRIORITY.read),
      r.run('read2', PRIORITY.read),
      r.run('awaited1', PRIORITY.awaited),
      r.run('create1', PRIORITY.create),
      r.run('cancel1', PRIORITY.cancel),
      r.run('read3', PRIORITY.read),
      r.run('awaited2', PRIORITY.awaited),
      r.run('cancel2', PRIORITY.cancel),
    ];
    await clock.advance(9000, 50);
    await Promise.all(ps);
    expect(r.calls.map((c) => c.name)).toEqual([
      'read1',
      'cancel1',
      'cancel2',
      'create1',
      'awaited1',
      'awaited2',
      'read2',
      'read3',
    ]);
  });

  it('a background read leaves one slot free: the order placed next goes at once, the next read waits', async () => {
    const clock = new FakeClock(0);
    const l = limiter(clock, { ...PRIVATE, holdMs: 0 });
    const r = recorder(clock, l);
    const ps = [r.run('margin', PRIORITY.read, 20), r.run('fills', PRIORITY.read, 20)];
    await clock.advance(100, 5);
    ps.push(r.run('order', PRIORITY.create, 20));
    await clock.flush();
    expect(r.sentAt('margin')).toBe(0);
    expect(r.sentAt('order')).toBe(100);
    // the second read waits until no call holds a slot: the order answered at 120, + 1000 + 50
    await clock.advance(2000, 5);
    await Promise.all(ps);
    expect(r.sentAt('fills')).toBe(1170);
  });

  it("holds background reads a window, so a screen's awaited reads asked a moment later both go first", async () => {
    const clock = new FakeClock(0);
    const l = limiter(clock, PRIVATE);
    const r = recorder(clock, l);
    const ps = [r.run('subaccounts', PRIORITY.read, 10), r.run('margin', PRIORITY.read, 10)];
    await clock.advance(300, 5);
    ps.push(r.run('balances', PRIORITY.awaited, 10), r.run('open orders', PRIORITY.awaited, 10));
    await clock.flush();
    expect(r.sentAt('balances')).toBe(300);
    expect(r.sentAt('open orders')).toBe(300);
    expect(r.sentAt('subaccounts')).toBeUndefined();
    await clock.advance(5000, 5);
    await Promise.all(ps);
    // the held reads go one at a time, each when no slot is held: 310 + 1050, then 1360 + 10 + 1050
    expect(r.sentAt('subaccounts')).toBe(1360);
    expect(r.sentAt('margin')).toBe(2420);
  });

  it('with a generous budget the hold costs nothing: background reads go at once while they leave two slots free', async () => {
    const clock = new FakeClock(0);
    const l = limiter(clock, { ...PRIVATE, perWindow: 4 });
    const r = recorder(clock, l);
    const ps = [r.run('a', PRIORITY.read), r.run('b', PRIORITY.read), r.run('c', PRIORITY.read)];
    await clock.flush();
    // a and b leave 3 and 2 free; c would leave 1: it waits out its hold, then goes while it leaves `reserve` free
    expect(r.calls.map((x) => x.name)).toEqual(['a', 'b']);
    await clock.advance(1000, 5);
    await Promise.all(ps);
    expect(r.sentAt('c')).toBe(1000);
  });

  it('an order queued while the limiter waits on a held background read goes at once', async () => {
    const clock = new FakeClock(0);
    const l = limiter(clock, PRIVATE);
    const r = recorder(clock, l);
    const ps = [r.run('history', PRIORITY.read)];
    await clock.advance(200, 5);
    ps.push(r.run('order', PRIORITY.create));
    await clock.flush();
    expect(r.sentAt('order')).toBe(200);
    await clock.advance(3000, 5);
    await Promise.all(ps);
    expect(r.sentAt('history')).toBe(1250); // its hold ends at 1000; the order's slot frees at 200 + 1050
  });

  it('no starvation: a background read goes within 2 x ageMs (+ a window) even while orders keep the budget full', async () => {
    const clock = new FakeClock(0);
    const l = limiter(clock, PRIVATE);
    const r = recorder(clock, l);
    let stop = false;
    const orders: Promise<string>[] = [];
    // an algo keeps two orders queued at all times
    const feed = async () => {
      let i = 0;
      while (!stop) {
        while (!stop && orders.length - r.calls.filter((c) => c.name.startsWith('o')).length < 2)
          orders.push(r.run(`o${i++}`, PRIORITY.create, 10));
        await clock.sleep(50);
      }
    };
    const feeding = feed();
    await clock.advance(100, 5);
    const read = r.run('reconcile', PRIORITY.read, 10);
    await clock.advance(10_000, 10);
    // risen to an awaited read's priority it still yields to the orders...
    expect(r.sentAt('reconcile')).toBeUndefined();
    await clock.advance(12_000, 10);
    // ...and goes once it has risen to theirs, being older than the orders queued
    expect(r.sentAt('reconcile')).toBeGreaterThanOrEqual(100 + 20_000);
    expect(r.sentAt('reconcile')).toBeLessThanOrEqual(100 + 20_000 + 1060);
    // the orders went on at the full rate around it
    expect(r.calls.filter((c) => c.name.startsWith('o')).length).toBeGreaterThan(35);
    stop = true;
    await clock.advance(5000, 10);
    await feeding;
    await Promise.all([read, ...orders]);
    expect(tightestTriple(r.calls)).toBeGreaterThanOrEqual(1000);
  });

  it('exclusive tasks run one at a time, in dispatch order', async () => {
    const clock = new FakeClock(0);
    const l = limiter(clock, { perWindow: 1000, windowMs: 1000 });
    let running = 0;
    let maxRunning = 0;
    const order: number[] = [];
    const ps = Array.from({ length: 20 }, (_, i) =>
      l.schedule(
        PRIORITY.read,
        async () => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          order.push(i);
          await clock.sleep(5);
          running--;
        },
        true,
      ),
    );
    await clock.advance(200, 1);
    await Promise.all(ps);
    expect(maxRunning).toBe(1);
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('reports its budget', async () => {
    const clock = new FakeClock(0);
    const l = limiter(clock, { perWindow: 2, windowMs: 1000, marginMs: 50 });
    const ps = [1, 2, 3].map(() => l.schedule(PRIORITY.create, async () => undefined));
    await clock.flush();
    expect(l.budget()).toEqual({ limit: 2, windowMs: 1050, used: 2, queued: 1 });
    await clock.advance(2000, 10);
    await Promise.all(ps);
    expect(l.budget().queued).toBe(0);
  });

  it('a failing task does not block the queue', async () => {
    const clock = new FakeClock(0);
    const l = limiter(clock, { perWindow: 10, windowMs: 100 });
    const a = l.schedule(
      PRIORITY.read,
      async () => {
        throw new Error('boom');
      },
      true,
    );
    const b = l.schedule(PRIORITY.read, async () => 'ok', true);
    await clock.flush();
    await expect(a).rejects.toThrow('boom');
    await expect(b).resolves.toBe('ok');
  });

  it('a call holds its slot until a window after its answer: slow answers never let arrivals bunch up', async () => {
    const clock = new FakeClock(0);
    const l = limiter(clock, { perWindow: 2, windowMs: 1000 });
    const r = recorder(clock, l);
    const ps = Array.from({ length: 4 }, (_, i) => r.run(`slow${i}`, PRIORITY.create, 1500));
    await clock.advance(6000, 10);
    await Promise.all(ps);
    // two go at once; the next two only 1000 ms after those answered (at 1500)
    expect(r.calls.map((c) => c.sentAt)).toEqual([0, 0, 2500, 2500]);
    expect(tightestTriple(r.calls)).toBeGreaterThanOrEqual(1000);
  });
});
