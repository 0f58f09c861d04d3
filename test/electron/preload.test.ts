import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channels } from '../../preload/channels';
import type { AlpBridge } from '../../preload/contract';

// The stand-in electron module for the preload: records what is exposed and what is sent over IPC.
const exposed = new Map<string, unknown>();
const invoked: { channel: string; payload: unknown }[] = [];
const listeners = new Map<string, (event: unknown, message: unknown) => void>();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => exposed.set(name, api) },
  ipcRenderer: {
    invoke: async (channel: string, payload: unknown) => {
      invoked.push({ channel, payload });
      return channel === channels.subscribe ? { ok: true, value: null } : { ok: true, value: 'pong' };
    },
    on: (channel: string, listener: (event: unknown, message: unknown) => void) => listeners.set(channel, listener),
  },
}));

describe('preload', () => {
  beforeEach(async () => {
    await import('../../preload/index');
  });

  it('exposes only window.alp, with call and subscribe', () => {
    expect([...exposed.keys()]).toEqual(['alp']);
    expect(Object.keys(exposed.get('alp') as object).sort()).toEqual(['call', 'subscribe']);
  });

  it('sends a call on the method’s own channel and returns the envelope', async () => {
    const alp = exposed.get('alp') as AlpBridge;
    await expect(alp.call('app.info', {})).resolves.toEqual({ ok: true, value: 'pong' });
    expect(invoked.at(-1)).toEqual({ channel: 'alp:call:app.info', payload: {} });
  });

  it('delivers pushed events to the subscriber and unsubscribes over IPC', async () => {
    const alp = exposed.get('alp') as AlpBridge;
    const got: unknown[] = [];
    const stop = alp.subscribe('market.tickers', { profileId: 'p1' }, (p) => got.push(p));
    const sub = invoked.find((i) => i.channel === channels.subscribe);
    const subId = (sub as { payload: { subId: number } }).payload.subId;
    listeners.get(channels.event)?.({}, { subId, payload: ['t1'] });
    listeners.get(channels.event)?.({}, { subId: subId + 100, payload: ['not mine'] });
    expect(got).toEqual([['t1']]);
    stop();
    expect(invoked.at(-1)).toEqual({ channel: channels.unsubscribe, payload: { subId } });
    listeners.get(channels.event)?.({}, { subId, payload: ['late'] });
    expect(got).toEqual([['t1']]);
  });
});
