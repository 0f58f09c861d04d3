/**
 * Wiring of the algo engines, price alerts and notifications into the app services: their journal folders in
 * the user-data folder, prices through the subscription hub (created after the stream sources, hence the
 * getter), and the three streams they feed.
 */
import { join } from 'node:path';
import type { ProfileManager } from '../accounts/types';
import { AlertService } from '../alerts/alert-service';
import { createAlertStore } from '../alerts/alert-store';
import { NotificationHub } from '../alerts/notifier';
import { hubPriceSource } from '../algos/prices';
import { AlgoService } from '../algos/service';
import type { AlgoHandlerDeps } from '../bridge/handlers-algos';
import type { SourcesFor } from '../bridge/streams';
import type { SubscriptionHub } from '../bridge/subscriptions';

export function startAlgoServices(
  userDataDir: string,
  now: () => number,
  profiles: ProfileManager,
  hub: () => SubscriptionHub,
) {
  const notifier = new NotificationHub(now);
  const pricesFor = (profileId: string) => hubPriceSource(hub(), profileId);
  const algos = new AlgoService({
    dir: join(userDataDir, 'algos'),
    clientFor: (id) => profiles.client(id),
    pricesFor,
    notifier,
    now,
  });
  const alerts = new AlertService({ store: createAlertStore(userDataDir, now), pricesFor, notifier, now });
  const sources: SourcesFor<'algos.changed' | 'alerts.changed' | 'app.notifications'> = {
    'algos.changed': ({ profileId }, emit) => {
      let stopped = false;
      const off = algos.onChange(profileId, emit);
      void algos.list(profileId).then(
        (v) => {
          if (!stopped) emit(v);
        },
        () => {},
      );
      return () => {
        stopped = true;
        off();
      };
    },
    'alerts.changed': ({ profileId }, emit) => {
      emit(alerts.list(profileId));
      return alerts.onChange(profileId, emit);
    },
    'app.notifications': (_p, emit) => notifier.subscribe(emit),
  };
  return {
    sources,
    notifier,
    /** Resumes the journaled algos and loads the alerts; call once the hub exists. */
    async start(): Promise<AlgoHandlerDeps> {
      await alerts.start();
      await algos.start(profiles.state().profiles.map((p) => p.id));
      return { algos, alerts };
    },
    async stop(): Promise<void> {
      alerts.stop();
      await algos.stop();
    },
  };
}
