/**
 * `npm start`: launch the built Electron app, or, where Electron cannot run (no binary, no display), say so in
 * one plain line and serve browser mode instead.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/** Returns the Electron binary's path, or why it can't be used here. */
export function findElectron(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  // The electron package exports the path of its downloaded binary (and throws if it was never downloaded).
  resolveBinary: () => unknown = () => createRequire(import.meta.url)('electron'),
): { path: string } | { reason: string } {
  const missing = { reason: 'the Electron runtime is not installed (its download was skipped or failed)' };
  let path: unknown;
  try {
    path = resolveBinary();
  } catch {
    return missing;
  }
  if (typeof path !== 'string' || !existsSync(path)) return missing;
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY)
    return { reason: 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)' };
  return { path };
}

function run(command: string, args: string[]): Promise<number> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => done(code ?? 1));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const electron = findElectron();
  if ('path' in electron) {
    process.exit(await run(electron.path, [root]));
  } else {
    console.log(`Electron cannot start here because ${electron.reason}; serving browser mode instead.`);
    process.exit(await run(process.execPath, ['--import', 'tsx', resolve(root, 'main/cli/web.ts')]));
  }
}
