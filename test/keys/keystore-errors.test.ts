/** Keystore failure mapping and the in-memory keystore, without any keychain. */
import { describe, expect, it } from 'vitest';
import {
  KeychainUnavailableError,
  type KeytarLike,
  createKeytarKeystore,
  createMemoryKeystore,
  keychainAdvice,
} from '../../main/keys/index';

function echoingKeytar(): KeytarLike {
  // A misbehaving library that echoes the password in its error: the keystore must not pass it on.
  return {
    getPassword: () => Promise.reject(new Error('locked')),
    setPassword: (_s, _a, password) => Promise.reject(new Error(`denied storing ${password}`)),
    deletePassword: () => Promise.reject(new Error('Cancelled by user')),
    findCredentials: () => Promise.reject(new Error('no Secret Service')),
  };
}

describe('keytar keystore error mapping', () => {
  it('redacts the secret from any underlying error text', async () => {
    const ks = createKeytarKeystore({ load: async () => echoingKeytar(), platform: 'linux' });
    const err = await ks.set('p1', 'TOP-SECRET-123').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeychainUnavailableError);
    const text = `${(err as Error).message} ${JSON.stringify(err)} ${String((err as Error).stack)}`;
    expect(text).not.toContain('TOP-SECRET-123');
    expect((err as Error).message).toContain('[redacted]');
  });

  it('maps every operation failure to KeychainUnavailableError with the platform advice', async () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const ks = createKeytarKeystore({ load: async () => echoingKeytar(), platform });
      for (const call of [() => ks.get('a'), () => ks.delete('a'), () => ks.list()]) {
        const err = await call().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(KeychainUnavailableError);
        expect((err as Error).message.startsWith(keychainAdvice(platform))).toBe(true);
        expect((err as Error).message).toContain('Paper trading still works');
      }
    }
  });

  it('list returns account names only, never the passwords findCredentials hands back', async () => {
    const ks = createKeytarKeystore({
      load: async () => ({
        ...echoingKeytar(),
        findCredentials: async () => [{ account: 'p1', password: 'pw1' }],
      }),
    });
    expect(await ks.list()).toEqual(['p1']);
  });

  it('retries loading the module after a failed load', async () => {
    let attempts = 0;
    const ks = createKeytarKeystore({
      load: async () => {
        attempts++;
        if (attempts === 1) throw new Error('not yet');
        return { ...echoingKeytar(), getPassword: async () => 'ok' };
      },
    });
    await expect(ks.get('a')).rejects.toBeInstanceOf(KeychainUnavailableError);
    expect(await ks.get('a')).toBe('ok');
  });
});

describe('memory keystore', () => {
  it('behaves like the keychain and can be made unavailable', async () => {
    const ks = createMemoryKeystore({ a: '1' });
    await ks.set('b', '2');
    expect((await ks.list()).sort()).toEqual(['a', 'b']);
    expect(await ks.get('b')).toBe('2');
    expect(await ks.delete('a')).toBe(true);
    expect(await ks.delete('a')).toBe(false);
    ks.setAvailable(false);
    await expect(ks.get('b')).rejects.toBeInstanceOf(KeychainUnavailableError);
    ks.setAvailable(true);
    expect(await ks.get('b')).toBe('2');
  });
});
