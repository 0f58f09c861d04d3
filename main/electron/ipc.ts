import { z } from 'zod';
import { channels } from '../../preload/channels';
import { type Envelope, type EventMessage, methodNames } from '../../preload/contract';
import { toBridgeError } from '../bridge/errors';
import { parseOrThrow } from '../bridge/validate';
import type { Dispatch } from '../bridge/dispatch';
import type { SubscriptionHub } from '../bridge/subscriptions';
import { type Logger, silentLogger } from '../log/logger';
import type { ElectronModule, IpcMainInvokeEvent } from './electron-types';
import { isTrustedSender } from './security';

/** The envelope of a (un)subscribe message; the stream's params are checked by the hub against the contract. */
const subscribeSchema = z.object({ subId: z.number(), stream: z.string().max(200), params: z.unknown() }).strict();
const unsubscribeSchema = z.object({ subId: z.number() }).strict();

const FORBIDDEN: Envelope<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'Refused: the request did not come from the app window.' },
};

/**
 * Registers one handler per contract method plus subscribe/unsubscribe. Each message's sender frame is checked
 * against the app's own page before anything runs; payloads are validated by the dispatcher.
 */
export function registerIpc(
  ipcMain: ElectronModule['ipcMain'],
  dispatch: Dispatch,
  hub: SubscriptionHub,
  appUrl: string,
  log: Logger = silentLogger,
): void {
  const check = (event: IpcMainInvokeEvent, channel: string) => {
    if (isTrustedSender(event.senderFrame, appUrl)) return true;
    const frame = event.senderFrame;
    log.warn('ipc.refused_sender', frame ? (frame.parent ? 'a subframe' : 'not the app page') : 'no sender frame', {
      channel,
      senderUrl: frame?.url.slice(0, 300) ?? null,
    });
    return false;
  };
  const watched = new WeakSet<object>();

  for (const method of methodNames) {
    const channel = channels.method(method);
    ipcMain.handle(channel, (event, payload: unknown) =>
      check(event, channel) ? dispatch(method, payload) : FORBIDDEN,
    );
  }

  ipcMain.handle(channels.subscribe, (event, message: unknown) => {
    if (!check(event, channels.subscribe)) return FORBIDDEN;
    let parsed: z.output<typeof subscribeSchema>;
    try {
      parsed = parseOrThrow(subscribeSchema, message, 'subscribe');
    } catch (e) {
      return { ok: false, error: toBridgeError(e) };
    }
    const { subId, stream, params } = parsed;
    const contents = event.sender;
    if (!watched.has(contents)) {
      watched.add(contents);
      contents.once('destroyed', () => hub.dropClient(contents));
    }
    const sink = (id: number, payload: unknown) => {
      if (!contents.isDestroyed()) contents.send(channels.event, { subId: id, payload } satisfies EventMessage);
    };
    return hub.subscribe(contents, sink, stream, params, subId);
  });

  ipcMain.handle(channels.unsubscribe, (event, message: unknown) => {
    if (!check(event, channels.unsubscribe)) return FORBIDDEN;
    const parsed = unsubscribeSchema.safeParse(message);
    if (parsed.success) hub.unsubscribe(event.sender, parsed.data.subId);
    return { ok: true, value: null };
  });
}
