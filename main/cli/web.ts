/**
 * Browser mode (`npm run web`): the same main-process services as the Electron app, the built renderer served
 * on 127.0.0.1, and the bridge carried over a loopback WebSocket. Prints the URL to open. One app per user-data
 * folder: a second start prints the running one's URL and exits (code 0).
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDefaultServices } from '../app/default-services';
import { openAppLog } from '../log';
import { startWebHost } from '../web/host';
import { acquireInstanceLock, alreadyRunningMessage } from '../web/instance-lock';

const { values: flags } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    data: { type: 'string' },
    'no-sim': { type: 'boolean', default: false },
    seed: { type: 'string' },
  },
});
const root = resolve(import.meta.dirname, '../..');
const userDataDir = flags.data ?? join(homedir(), '.alp-terminal-web');
mkdirSync(userDataDir, { recursive: true });

const locked = acquireInstanceLock(userDataDir);
if (!locked.acquired) {
  console.log(alreadyRunningMessage(locked.holder, userDataDir));
  process.exit(0);
}
const lock = locked.lock;
process.on('exit', () => lock.release());

let token = '';
const log = openAppLog(userDataDir, () => (token ? [token] : []));
process.on('uncaughtException', (error) => {
  log.error('process.uncaught_exception', error);
  console.error('ALP Terminal (browser mode) stopped on an unexpected error; see logs/main.log in', userDataDir);
  process.exit(1);
});
process.on('unhandledRejection', (reason) => log.error('process.unhandled_rejection', reason));

const services = await startDefaultServices({
  userDataDir,
  mode: 'web',
  version: process.env.npm_package_version ?? '0.0.0',
  platform: process.platform,
  log,
  paper: { simulate: !flags['no-sim'], ...(flags.seed ? { seed: Number(flags.seed) } : {}) },
});
const host = await startWebHost({
  dispatch: services.dispatch,
  hub: services.hub,
  rendererDir: join(root, 'out/renderer'),
  port: Number(flags.port),
  log,
});
token = host.token;
lock.setUrl(host.url);

const stop = async () => {
  await host.close();
  await services.close();
  process.exit(0);
};
// Before the URL is printed: whoever reads it may stop the app at once, and must get a clean stop.
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
console.log(`ALP Terminal (browser mode) — open ${host.url}`);
