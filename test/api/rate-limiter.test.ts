import { describe, expect, it } from 'vitest';
import { PRIORITY, RateLimiter } from '../../main/api/rate-limiter';
import { FakeClock } from './helpers';

function limiter(clock: FakeClock, perWindow: number, windowMs: number, minSpacingMs = 0) {
  return new RateLimiter({ perWindow, windowMs, minSpacingMs, now: clock.now, sleep: clock.sleep });
}

describe('rate limiter (injected clock)', () => {
  it('paces private calls: 2 per 1100 ms, >= 550 ms apart; queues and never drops', async () => {
    const clock = new FakeClock(0);
    const l = limiter(clock, 2, 1100, 550);
    const at: number[] = [];
    const done = Array.from({ length: 7 }, (_, i) =>
      l.schedule(PRIORITY.read, async () => {
        at.push(clock.now());
        return i;
      }),
    );
    await clock.flush();
    expect(at).toEqual([0]);
    await clock.advance(4000, 10);
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(at).toEqual([0, 550, 1100, 1650, 2200, 2750, 3300]);
    // the exchange's rule (<= 2 in any 1000 ms by arrival) holds for every window
    for (const t of at) expect(at.filter((x) => x > t - 1000 && x <= t).length).toBeLessThanOrEqual(2);
  });

  it('public: 100 per window go at once, the 101st waits for the window', async () => {
    const clock = new FakeClock(0);
    const l = limiter(clock, 100, 1100);
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

  it('cancels jump the queue ahead of creates, creates ahead of reads; FIFO within a priority', async () => {
    const clock = new FakeClock(0);
    const l = limiter(clock, 1, 1000, 1000);
    const order: string[] = [];
    const run = (name: string, p: number) =>
      l.schedule(p, async () => {
        order.push(name);
      });
    const ps = [
      run('read1', PRIORITY.read),
      run('read2', PRIORITY.read),
      run('create1', PRIORITY.create),
      run('cancel1', PRIORITY.cancel),
      run('read3', PRIORITY.read),
      run('cancel2', PRIORITY.cancel),
    ];
    await clock.advance(6000, 50);
    await Promise.all(ps);
    expect(order).toEqual(['read1', 'cancel1', 'cancel2', 'create1', 'read2', 'read3']);
  });

  it('exclusive tasks run one at a time, in dispatch order', async () => {
    const clock = new FakeClock(0);
    const l = limiter(clock, 1000, 1000);
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
    const l = limiter(clock, 2, 1100, 550);
    const ps = [1, 2, 3].map(() => l.schedule(PRIORITY.read, async () => undefined));
    await clock.flush();
    expect(l.budget()).toEqual({ limit: 2, windowMs: 1100, used: 1, queued: 2 });
    await clock.advance(2000, 10);
    await Promise.all(ps);
    expect(l.budget().queued).toBe(0);
  });

  it('a failing task does not block the queue', async () => {
    const clock = new FakeClock(0);
    const l = limiter(clock, 10, 100);
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
    const l = limiter(clock, 2, 1000);
    const at: number[] = [];
    const ps = Array.from({ length: 4 }, () =>
      l.schedule(PRIORITY.read, async () => {
        at.push(clock.now());
        await clock.sleep(1500); // the exchange takes 1.5 s to answer
      }),
    );
    await clock.advance(6000, 10);
    await Promise.all(ps);
    // two go at once; the next two only 1000 ms after those answered (at 1500)
    expect(at).toEqual([0, 0, 2500, 2500]);
  });
});
