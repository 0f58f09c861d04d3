/** The bridge methods of algo orders and price alerts. */
import type { MethodName } from '../../preload/contract';
import { AlertNotFoundError, type AlertService } from '../alerts/alert-service';
import { AlgoError } from '../algos/engine';
import type { AlgoService } from '../algos/service';
import type { Handlers } from './dispatch';
import { BridgeError } from './errors';

export type AlgoMethodName = Extract<MethodName, `algos.${string}` | `alerts.${string}`>;

export interface AlgoHandlerDeps {
  algos: AlgoService;
  alerts: AlertService;
}

/** Algo and alert errors in the bridge's words (a bad definition names its field; nothing was changed). */
async function bridged<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof AlgoError) throw new BridgeError(e.code, e.message, e.field);
    if (e instanceof AlertNotFoundError) throw new BridgeError('not_found', e.message, 'alertId');
    throw e;
  }
}

export function createAlgoHandlers(deps: AlgoHandlerDeps | undefined): Pick<Handlers, AlgoMethodName> {
  const need = (): AlgoHandlerDeps => {
    if (!deps) throw new BridgeError('unsupported', 'Algo orders and alerts are not available in this build.');
    return deps;
  };
  const engine = (profileId: string) => need().algos.engine(profileId);
  return {
    'algos.list': ({ profileId }) => bridged(() => need().algos.list(profileId)),
    'algos.create': ({ profileId, definition }) => bridged(() => need().algos.create(profileId, definition)),
    'algos.pause': ({ profileId, algoId }) => bridged(async () => (await engine(profileId)).pause(algoId)),
    'algos.resume': ({ profileId, algoId }) => bridged(async () => (await engine(profileId)).resume(algoId)),
    'algos.cancel': ({ profileId, algoId }) => bridged(async () => (await engine(profileId)).cancel(algoId)),
    'algos.remove': ({ profileId, algoId }) =>
      bridged(async () => {
        await (await engine(profileId)).remove(algoId);
        return null;
      }),
    'alerts.list': async ({ profileId }) => need().alerts.list(profileId),
    'alerts.create': ({ profileId, alert }) => bridged(() => need().alerts.create(profileId, alert)),
    'alerts.remove': ({ profileId, alertId }) =>
      bridged(async () => {
        await need().alerts.remove(profileId, alertId);
        return null;
      }),
  };
}
