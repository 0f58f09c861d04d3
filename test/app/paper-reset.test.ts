import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppNotice } from '../../preload/contract';
import type { AppServices } from '../../main/app/services';
import { startTestServices } from '../support/app-services';

/** The real composition root over a paper state file the exchange cannot read: the app starts and says so. */
describe('the app on unreadable paper state', () => {
  let dir: string;
  let services: AppServices | null = null;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alp-paper-reset-'));
  });
  afterEach(async () => {
    await services?.close();
    services = null;
    await rm(dir, { recursive: true, force: true });
  });

  it('starts on a fresh paper exchange, keeps the old files aside and pushes a plain notice', async () => {
    const statePath = join(dir, 'paper-exchange.json');
    const torn = '{"seq": 12, "state": {"genesis": '; // a snapshot cut short by a disk failure
    await writeFile(statePath, torn);
    services = await startTestServices(dir);
    const received: AppNotice[][] = [];
    services.hub.subscribe({}, (_id, p) => received.push(p as AppNotice[]), 'app.notices', {}, 1);
    const notice = received.at(-1)?.find((n) => n.text.startsWith('Paper state could not be read and was reset'));
    expect(notice?.kind).toBe('error');
    const moved = (await readdir(dir)).filter((f) => f.startsWith('paper-exchange.json.unreadable-'));
    expect(moved.length).toBeGreaterThanOrEqual(1);
    for (const f of moved) expect(notice?.text).toContain(join(dir, f));
    // The old bytes are kept as they were, never deleted.
    const snapshotCopy = moved.find((f) => !f.includes('.journal'));
    expect(snapshotCopy).toBeDefined();
    expect(await readFile(join(dir, snapshotCopy as string), 'utf8')).toBe(torn);
    // And the app trades: the built-in Paper profile reads its balances from the fresh exchange.
    const paperId = services.profiles.state().profiles[0]?.id as string;
    const balances = await services.dispatch('trade.balances', { profileId: paperId });
    expect(balances).toMatchObject({ ok: true });
    // The fresh state is the exchange's own again: the next start reads it and resets nothing.
    await services.close();
    services = await startTestServices(dir);
    const again: AppNotice[][] = [];
    services.hub.subscribe({}, (_id, p) => again.push(p as AppNotice[]), 'app.notices', {}, 1);
    expect(again.at(-1)?.some((n) => n.text.startsWith('Paper state could not be read'))).toBe(false);
    expect(existsSync(statePath)).toBe(true);
  });
});
