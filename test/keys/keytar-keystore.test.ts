/**
 * The keytar keystore against a real Secret Service (gnome-keyring under dbus-run-session), and against no
 * D-Bus at all. Not skippable: without a session bus this suite fails and says how to run it.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { KeychainUnavailableError, createKeytarKeystore } from '../../main/keys/index';

const HOW_TO_RUN =
  "These tests need a real Secret Service. Run them under: dbus-run-session -- sh -c 'echo -n pw | " +
  "gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run --config test/vitest.config.ts test/keys'";

const service = `ALP Terminal test ${randomUUID()}`;
const ks = createKeytarKeystore({ service });
const idA = `profile-${randomUUID()}`;
const idB = `profile-${randomUUID()}`;

let probed: Promise<void> | null = null;
/** Each test awaits this first, so without a Secret Service every test fails (none is skipped) with HOW_TO_RUN. */
function secretService(): Promise<void> {
  probed ??= (async () => {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS)
      throw new Error(`No D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset). ${HOW_TO_RUN}`);
    try {
      await ks.list();
    } catch (err) {
      throw new Error(`The Secret Service is not usable here (${(err as Error).message}). ${HOW_TO_RUN}`);
    }
  })();
  return probed;
}

describe('keytar keystore on a real Secret Service', () => {
  beforeEach(() => secretService());

  afterAll(async () => {
    // Clean up whatever a failed assertion may have left behind.
    if (
      !(await secretService().then(
        () => true,
        () => false,
      ))
    )
      return;
    for (const id of await ks.list().catch(() => [])) await ks.delete(id).catch(() => false);
  });

  it('sets and reads back a secret, one entry per profile', async () => {
    await ks.set(idA, 'secret-A-ü✓ with spaces');
    await ks.set(idB, 'secret-B');
    expect(await ks.get(idA)).toBe('secret-A-ü✓ with spaces');
    expect(await ks.get(idB)).toBe('secret-B');
    expect(await ks.get(`missing-${randomUUID()}`)).toBeNull();
  });

  it('lists the profile ids that have an entry, and nothing else', async () => {
    expect((await ks.list()).sort()).toEqual([idA, idB].sort());
  });

  it('rotates a secret in place', async () => {
    await ks.set(idA, 'secret-A-rotated');
    expect(await ks.get(idA)).toBe('secret-A-rotated');
    expect((await ks.list()).filter((x) => x === idA)).toHaveLength(1);
  });

  it('deletes an entry and reports whether there was one', async () => {
    expect(await ks.delete(idA)).toBe(true);
    expect(await ks.get(idA)).toBeNull();
    expect(await ks.delete(idA)).toBe(false);
    expect(await ks.list()).toEqual([idB]);
    expect(await ks.delete(idB)).toBe(true);
    expect(await ks.list()).toEqual([]);
  });

  it('keeps services apart (the default service is not touched by the test service)', async () => {
    const other = createKeytarKeystore({ service: `${service} other` });
    await other.set(idA, 'x');
    expect(await ks.get(idA)).toBeNull();
    expect(await other.delete(idA)).toBe(true);
  });
});

describe('keytar keystore with no reachable keychain', () => {
  it('fails every call with a plain message saying what to do, never the secret', async () => {
    const secret = `s3cr3t-${randomUUID()}`;
    const probe = fileURLToPath(new URL('./fixtures/keychain-probe.ts', import.meta.url));
    const env: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' };
    delete env.DISPLAY;
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', probe, secret], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolve(stdout) : reject(new Error(`probe exited ${code}: ${stderr}`)),
      );
    });
    expect(out).not.toContain(secret);
    const results = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { call: string; ok: boolean; name?: string; code?: string; message?: string });
    expect(results.map((r) => r.call)).toEqual(['set', 'get', 'delete', 'list']);
    for (const r of results) {
      expect(r.ok, `${r.call} should fail`).toBe(false);
      expect(r.name).toBe('KeychainUnavailableError');
      expect(r.code).toBe('keychain');
      expect(r.message).toContain(
        'The system keychain (Secret Service) is not reachable: start or unlock GNOME Keyring / KWallet, then try again. Paper trading still works.',
      );
    }
  });

  it('is an error, not a crash, when the native module cannot be loaded', async () => {
    const broken = createKeytarKeystore({
      service,
      load: () => Promise.reject(new Error('Cannot find module keytar.node')),
      platform: 'linux',
    });
    const err = await broken.get('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeychainUnavailableError);
    expect((err as Error).message).toMatch(/Paper trading still works.*could not be loaded/);
  });
});
