/**
 * Mounted once by the app: follows the active profile's algos and alerts, shows every notification that needs
 * the trader (in-app notice, plus an OS notification and sound where the page may), registers the algo keys
 * and palette entries, and hosts the algo ticket and alert form.
 */
import { useEffect } from 'preact/hooks';
import { subscribe } from '../bridge';
import { registerActions } from '../state/actions';
import { notify, profileId } from '../state/store';
import { AlertForm } from './AlertForm';
import { AlgoTicket } from './AlgoTicket';
import { focusAlgos } from './AlgosPanel';
import { showOsNotification } from './os-notify';
import { alertFormOpen, alertViews, algoTicketOpen, algoViews } from './state';

export function AlgosRoot() {
  const pid = profileId.value;

  useEffect(() => {
    algoViews.value = [];
    alertViews.value = [];
    if (!pid) return;
    const stopAlgos = subscribe('algos.changed', { profileId: pid }, (v) => {
      if (profileId.peek() === pid) algoViews.value = v;
    });
    const stopAlerts = subscribe('alerts.changed', { profileId: pid }, (v) => {
      if (profileId.peek() === pid) alertViews.value = v;
    });
    return () => {
      stopAlgos();
      stopAlerts();
    };
  }, [pid]);

  useEffect(() => {
    const seen = new Set<number>();
    return subscribe('app.notifications', {}, (n) => {
      // The hub replays the latest one to a new subscriber: show each only once.
      if (seen.has(n.id)) return;
      seen.add(n.id);
      if (Date.now() - n.time > 60_000) return;
      notify(n.title.includes('stalled') || n.title.includes('failed') ? 'error' : 'info', `${n.title} — ${n.body}`);
      showOsNotification(n);
    });
  }, []);

  useEffect(
    () =>
      registerActions([
        {
          id: 'algos.ticket',
          title: 'Algo order: TWAP, iceberg, OCO, bracket, trailing stop',
          defaultKey: 'Alt+A',
          run: () => (algoTicketOpen.value = true),
        },
        {
          id: 'algos.focus',
          title: 'Algos: focus the list (P pause/resume, X cancel)',
          defaultKey: 'g',
          run: focusAlgos,
        },
        {
          id: 'alerts.new',
          title: 'Price alert on the selected pair',
          defaultKey: 'Alt+L',
          run: () => (alertFormOpen.value = { price: null }),
        },
      ]),
    [],
  );

  const alertReq = alertFormOpen.value;
  return (
    <>
      {algoTicketOpen.value && <AlgoTicket />}
      {alertReq && <AlertForm price={alertReq.price} />}
    </>
  );
}
