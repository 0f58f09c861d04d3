import { describe, expect, it } from 'vitest';
import { Outbox, type Recipient } from '../../main/paper/ws/outbox';

interface Sink extends Recipient {
  name: string;
}
const sink = (name: string): Sink => ({ name, queued: [], queuedBytes: 0 });

function recorder(): { writes: Array<[string, Buffer]>; outbox: Outbox<Sink> } {
  const writes: Array<[string, Buffer]> = [];
  return { writes, outbox: new Outbox<Sink>((r, data) => writes.push([r.name, data])) };
}

describe('paper WebSocket: the outbox of one change', () => {
  it('writes each recipient once per batch, its frames joined in order, and nothing outside a batch', () => {
    const { writes, outbox } = recorder();
    const a = sink('a');
    const b = sink('b');
    const f1 = Buffer.from('one');
    const f2 = Buffer.from('two');
    expect(outbox.isOpen).toBe(false);
    outbox.batch(() => {
      expect(outbox.isOpen).toBe(true);
      outbox.queue(a, f1);
      outbox.queue(b, f2);
      outbox.queue(a, f2);
      expect(a.queuedBytes).toBe(6);
      expect(writes).toEqual([]); // nothing leaves before the batch ends
    });
    expect(outbox.isOpen).toBe(false);
    expect(writes.map(([n, d]) => [n, d.toString()])).toEqual([
      ['a', 'onetwo'],
      ['b', 'two'],
    ]);
    // A recipient with one frame gets that very buffer, not a copy.
    expect(writes[1]?.[1]).toBe(f2);
    expect([a.queued.length, a.queuedBytes, b.queued.length]).toEqual([0, 0, 0]);
  });

  it('joins once for all recipients that get the same frames in the same order, apart for another order', () => {
    const { writes, outbox } = recorder();
    const same = [sink('s1'), sink('s2'), sink('s3')];
    const reversed = sink('r');
    const d = Buffer.from('d');
    const t = Buffer.from('t');
    outbox.batch(() => {
      for (const s of same) outbox.queue(s, d);
      outbox.queue(reversed, t);
      outbox.queue(reversed, d);
      for (const s of same) outbox.queue(s, t);
    });
    const of = (name: string): Buffer | undefined => writes.find(([n]) => n === name)?.[1];
    expect(of('s1')?.toString()).toBe('dt');
    expect(of('s2')).toBe(of('s1'));
    expect(of('s3')).toBe(of('s1'));
    expect(of('r')?.toString()).toBe('td');
  });

  it('gives each recipient its own bytes when many distinct sequences start with the same frame', () => {
    const { writes, outbox } = recorder();
    const d = Buffer.from('d');
    const own = Array.from({ length: 40 }, (_, i) => Buffer.from(`-${i}`));
    const sinks = own.map((_, i) => sink(`s${i}`));
    outbox.batch(() => {
      for (const s of sinks) outbox.queue(s, d);
      for (const [i, s] of sinks.entries()) outbox.queue(s, own[i] ?? d);
      outbox.queue(sinks[0] ?? sink('x'), d);
    });
    expect(writes.map(([n, data]) => `${n}:${data.toString()}`)).toEqual(
      sinks.map((s, i) => `${s.name}:d-${i}${i === 0 ? 'd' : ''}`),
    );
  });

  it('a nested batch joins the open one; a batch that throws still flushes, and a throwing write leaves nothing', () => {
    const { writes, outbox } = recorder();
    const a = sink('a');
    outbox.batch(() => {
      outbox.queue(a, Buffer.from('x'));
      outbox.batch(() => outbox.queue(a, Buffer.from('y')));
      expect(writes).toEqual([]);
    });
    expect(writes.map(([, d]) => d.toString())).toEqual(['xy']);

    expect(() =>
      outbox.batch(() => {
        outbox.queue(a, Buffer.from('z'));
        throw new Error('fan-out bug');
      }),
    ).toThrow('fan-out bug');
    expect(writes.map(([, d]) => d.toString())).toEqual(['xy', 'z']);

    const failing = new Outbox<Sink>(() => {
      throw new Error('socket gone');
    });
    const b = sink('b');
    const c = sink('c');
    expect(() =>
      failing.batch(() => {
        failing.queue(b, Buffer.from('1'));
        failing.queue(c, Buffer.from('2'));
      }),
    ).toThrow('socket gone');
    expect([b.queued.length, b.queuedBytes, c.queued.length, c.queuedBytes]).toEqual([0, 0, 0, 0]);
    expect(failing.isOpen).toBe(false);
  });
});
