import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppNotice } from '../../preload/contract';
import { createProfileManager } from '../../main/accounts';
import { createAlpClient } from '../../main/api';
import { type PaperHandleLike, startAppServices } from '../../main/app/services';
import { createMemoryKeystore } from '../../main/keys';
import { createLogger } from '../../main/log';

const noSources = () => {
  const noop = () => () => {};
  return {
    'market.tickers': noop,
    'market.book': noop,
    'market.trades': noop,
    'market.candles': noop,
    'app.status': noop,
    'account.orders': noop,
    'account.balances': noop,
    'account.fills': noop,
  };
};

function stubPaper(recovery: PaperHandleLike['recovery']): PaperHandleLike {
  return { url: 'http://127.0.0.1:9', ensureAccount: () => 1, close: async () => {}, recovery };
}

describe('app notices', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alp-notices-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function start(paper: PaperHandleLike) {
    const lines: string[] = [];
    const services = await startAppServices(
      {
        userDataDir: dir,
        mode: 'web',
        version: '0',
        platform: 'test',
        log: createLogger({ sink: { append: (l) => lines.push(l) } }),
      },
      {
        keystore: createMemoryKeystore(),
        startPaper: async () => paper,
        createProfileManager,
        createClient: createAlpClient,
        createMarketSources: noSources,
        createAccountSources: noSources,
      },
    );
    return { services, lines };
  }

  it('tells the renderer that paper state was reset and where the old files are, and logs it', async () => {
    const movedTo = [join(dir, 'paper-exchange.json.bad-1'), join(dir, 'paper-exchange.json.journal.bad-1')];
    const { services, lines } = await start(stubPaper({ reason: 'journal record 17: order 5 not found', movedTo }));
    const received: AppNotice[][] = [];
    const page = {};
    expect(services.hub.subscribe(page, (_id, p) => received.push(p as AppNotice[]), 'app.notices', {}, 1)).toEqual({
      ok: true,
      value: null,
    });
    expect(received).toHaveLength(1);
    expect(received[0]).toEqual([
      {
        id: expect.any(String),
        kind: 'error',
        at: expect.any(Number),
        text: `Paper state could not be read and was reset; the old files are at ${movedTo.join(', ')}. (journal record 17: order 5 not found)`,
      },
    ]);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      event: 'paper.state_reset',
      reason: 'journal record 17: order 5 not found',
    });
    // A later notice reaches the subscribed page, with the earlier one still in the list.
    services.notices.push('info', 'later');
    expect(received[1]?.map((n) => n.text)).toEqual([received[0]?.[0]?.text, 'later']);
    // A page that subscribes later (a reload) still gets both.
    const late: AppNotice[][] = [];
    services.hub.subscribe({}, (_id, p) => late.push(p as AppNotice[]), 'app.notices', {}, 1);
    expect(late[0]).toHaveLength(2);
    await services.close();
  });

  it('says nothing when the paper state was read as it was', async () => {
    for (const recovery of [null, undefined]) {
      const { services } = await start(stubPaper(recovery));
      expect(services.notices.list()).toEqual([]);
      await services.close();
    }
  });
});
