/**
 * The app's real services as browser mode wires them (default-services.ts), for tests: an in-memory keychain
 * instead of the OS one, a quiet embedded paper exchange, nothing but `userDataDir` on disk.
 */
import { type DefaultServicesOptions, startDefaultServices } from '../../main/app/default-services';
import type { AppServices } from '../../main/app/services';
import { createMemoryKeystore } from '../../main/keys';

export function startTestServices(
  userDataDir: string,
  paper: DefaultServicesOptions['paper'] = { simulate: false, seed: 1 },
): Promise<AppServices> {
  return startDefaultServices({
    userDataDir,
    mode: 'web',
    version: '0',
    platform: 'test',
    keystore: createMemoryKeystore(),
    paper,
  });
}
