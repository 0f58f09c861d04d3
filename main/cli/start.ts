/**
 * `npm start`: launch the built Electron app, or, where Electron cannot run (no binary, no display), say so in
 * one plain line and serve browser mode instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/**
 * Resolves the Electron binary as the electron package does, which downloads it on first use. That runs in a child
 * process with its output captured, so a failed download (offline) becomes one plain line instead of a stack trace.
 */
function resolveElectronBinary(): string {
  const local = join(root, 'node_modules/electron');
  const pathFile = join(local, 'path.txt');
  if (existsSync(pathFile)) {
    const binary = join(local, 'dist', readFileSync(pathFile, 'utf8'));
    if (existsSync(binary)) return binary;
  }
  console.log("Fetching Electron's runtime (first start only)…");
  const child = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error('electron download failed');
  return child.stdout;
}

/** Returns the Electron binary's path, or why it can't be used here. */
export function findElectron(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  resolveBinary: () => unknown = resolveElectronBinary,
): { path: string } | { reason: string } {
  // No display means no window, whatever else is installed: don't fetch a runtime that can't be shown.
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY)
    return { reason: 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)' };
  const missing = { reason: 'the Electron runtime is not installed (its download was skipped or failed)' };
  let path: unknown;
  try {
    path = resolveBinary();
  } catch {
    return missing;
  }
  if (typeof path !== 'string' || !existsSync(path)) return missing;
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
