/**
 * Browser mode (`npm run web`): the same main-process services as the Electron app, the built renderer served
 * on 127.0.0.1, and the bridge carried over a loopback WebSocket. Prints the URL to open.
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDefaultServices } from '../app/default-services';
import { startWebHost } from '../web/host';
import { wsOpener } from '../web/ws-opener';

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

const services = await startDefaultServices({
  userDataDir,
  mode: 'web',
  version: process.env.npm_package_version ?? '0.0.0',
  platform: process.platform,
  paper: { simulate: !flags['no-sim'], ...(flags.seed ? { seed: Number(flags.seed) } : {}) },
  openSocket: wsOpener,
});
const host = await startWebHost({
  dispatch: services.dispatch,
  hub: services.hub,
  rendererDir: join(root, 'out/renderer'),
  port: Number(flags.port),
});
console.log(`ALP Terminal (browser mode) — open ${host.url}`);

const stop = async () => {
  await host.close();
  await services.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
