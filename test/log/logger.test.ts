import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, openAppLog, RotatingFile, scrubText } from '../../main/log';

const SECRET = 'sEcReT-0123456789abcdef';
const KEY = 'key-ABCDEFGH12345678';
const SIGN = 'a3f1c2d4e5b6a7980912a3f1c2d4e5b6a7980912a3f1c2d4e5b6a7980912abcd';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwiZXhwIjoxfQ.c2lnbmF0dXJlLXBhcnQ';

describe('log scrubbing', () => {
  it('cuts known secrets and keys, and signatures, tokens and named credentials it cannot know', () => {
    const text = [
      `X-KEY: ${KEY}`,
      `X-SIGN: ${SIGN}`,
      `Authorization: Bearer ${JWT}`,
      `bare token ${JWT} in a sentence`,
      `{"api_key":"${KEY}","api_secret":"${SECRET}"}`,
      `form secret=${SECRET}&pair=BTC_USD`,
      `http://127.0.0.1:5/#token=tok-abcdefghijkl`,
      `the secret again: ${SECRET} and the signature ${SIGN}`,
    ].join('\n');
    const out = scrubText(text, [SECRET, KEY]);
    for (const leaked of [SECRET, KEY, SIGN, JWT, 'tok-abcdefghijkl']) expect(out).not.toContain(leaked);
    // What is not a credential stays readable.
    expect(out).toContain('pair=BTC_USD');
    expect(out).toContain('X-SIGN: [redacted]');
    expect(out).toContain('in a sentence');
  });

  it('writes scrubbed JSON lines with the reason and the stack of an error', () => {
    const lines: string[] = [];
    const log = createLogger({ sink: { append: (l) => lines.push(l) }, now: () => 0, known: () => [SECRET] });
    const error = new Error(`the exchange echoed api_secret=${SECRET} and ${SIGN}`);
    log.error('bridge.internal_error', error, { what: `trade.place ${SECRET}`, count: 2 });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] as string);
    expect(entry).toMatchObject({
      time: '1970-01-01T00:00:00.000Z',
      level: 'error',
      event: 'bridge.internal_error',
      what: 'trade.place [redacted]',
      count: 2,
    });
    expect(entry.reason).toBe('Error: the exchange echoed api_secret=[redacted] and [redacted]');
    expect(entry.stack).toContain('logger.test.ts');
    expect(lines[0]).not.toContain(SECRET);
    expect(lines[0]).not.toContain(SIGN);
  });

  it('never throws when the sink fails (a full disk loses the line, not the app)', () => {
    const log = createLogger({
      sink: {
        append: () => {
          throw new Error('ENOSPC');
        },
      },
    });
    expect(() => log.warn('x', 'y')).not.toThrow();
  });
});

describe('rotating log file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alp-log-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps each file under its size bound and at most N files, dropping the oldest', () => {
    const path = join(dir, 'logs/main.log');
    const file = new RotatingFile({ path, maxBytes: 1000, maxFiles: 3 });
    const line = (i: number) => `${JSON.stringify({ i, pad: 'x'.repeat(80) })}\n`; // ~100 bytes
    for (let i = 0; i < 100; i++) file.append(line(i));
    const files = file.files();
    expect(files).toEqual([path, `${path}.1`, `${path}.2`]);
    expect(existsSync(`${path}.3`)).toBe(false);
    const contents = files.map((f) => readFileSync(f, 'utf8'));
    for (const c of contents) expect(Buffer.byteLength(c)).toBeLessThanOrEqual(1000);
    // Newest in the live file, then .1, then .2; everything before was dropped, nothing in between lost.
    const ids = contents
      .reverse()
      .flatMap((c) => c.trim().split('\n'))
      .map((l) => (JSON.parse(l) as { i: number }).i);
    expect(ids.at(-1)).toBe(99);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, k) => 100 - ids.length + k));
    expect(ids.length).toBeGreaterThanOrEqual(20);
  });

  it('continues a log left by an earlier run, counting its size', () => {
    const path = join(dir, 'main.log');
    new RotatingFile({ path, maxBytes: 300, maxFiles: 2 }).append(`${'a'.repeat(250)}\n`);
    new RotatingFile({ path, maxBytes: 300, maxFiles: 2 }).append(`${'b'.repeat(100)}\n`);
    expect(readFileSync(`${path}.1`, 'utf8')).toMatch(/^a+\n$/);
    expect(readFileSync(path, 'utf8')).toMatch(/^b+\n$/);
  });

  it('the app log lives in the user-data folder, mode 0600', async () => {
    const log = openAppLog(dir, () => [SECRET]);
    log.warn('ipc.refused_sender', `sent ${SECRET}`);
    const path = join(dir, 'logs/main.log');
    expect(readFileSync(path, 'utf8')).toContain('sent [redacted]');
    const { statSync } = await import('node:fs');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
