/**
 * The nonce file is made durable before it replaces the old one: the temp file is fsynced before the rename and
 * the folder after it. Without the first, a power loss can leave the renamed file empty. The real file system
 * calls are observed (and still made) through a pass-through mock of `node:fs/promises`.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { createFileNonceStore } from '../../main/api';

const calls = vi.hoisted(() => [] as string[]);

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    async open(...args: Parameters<typeof real.open>) {
      const handle = await real.open(...args);
      const path = String(args[0]);
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        calls.push(`sync ${path}`);
        await sync();
      };
      return handle;
    },
    async rename(from: string, to: string) {
      calls.push(`rename ${from} -> ${to}`);
      await real.rename(from, to);
    },
  };
});

it('fsyncs the temp file before the rename and the folder after it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'alp-nonce-'));
  const file = join(dir, 'nonces.json');
  await createFileNonceStore(file).save('key-a', 42n);
  const rename = calls.findIndex((c) => c.startsWith('rename ') && c.endsWith(` -> ${file}`));
  expect(rename).toBeGreaterThan(0);
  const temp = (calls[rename] as string).slice('rename '.length).split(' -> ')[0] as string;
  expect(calls.slice(0, rename)).toContain(`sync ${temp}`);
  expect(calls.slice(rename + 1)).toContain(`sync ${dirname(file)}`);
  expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ 'key-a': '42' });
});
