/** A small form for a price alert on the selected pair: above / below / crossing, on last, bid or ask. */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { AlertCondition, AlertSource } from '../../../preload/domain';
import { call } from '../bridge';
import { Modal } from '../shell/Modal';
import { notify, profileId, selectedPair, tickers } from '../state/store';
import { CONDITIONS, pick, SOURCES } from './definition';
import { askNotificationPermission } from './os-notify';
import { alertFormOpen } from './state';

export function AlertForm({ price: initial }: { price: string | null }) {
  const pair = selectedPair.value;
  const [condition, setCondition] = useState<AlertCondition>('crossing');
  const [source, setSource] = useState<AlertSource>('last');
  const [price, setPrice] = useState(initial ?? tickers.value[pair]?.last ?? '');
  const [repeat, setRepeat] = useState(false);
  const [sound, setSound] = useState(true);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const priceRef = useRef<HTMLInputElement>(null);
  const close = () => (alertFormOpen.value = null);

  useLayoutEffect(() => {
    priceRef.current?.focus();
    priceRef.current?.select();
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    const pid = profileId.value;
    if (!pid) return;
    try {
      await call('alerts.create', {
        profileId: pid,
        alert: {
          pair,
          condition,
          source,
          price: price.trim(),
          repeat,
          sound,
          ...(note.trim() ? { note: note.trim() } : {}),
        },
      });
      askNotificationPermission();
      notify('info', `Alert set: ${pair.replace('_', '/')} ${source} ${condition} ${price.trim()}`);
      close();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <Modal title={`Price alert — ${pair.replace('_', '/')}`} onClose={close} testId="alert-form" class="algo-modal">
      <form class="algo-form" onSubmit={submit}>
        <div class="modal-head">Price alert — {pair.replace('_', '/')}</div>
        <div class="modal-body algo-body">
          <div class="algo-row">
            <label class="algo-label" for="alert-price">
              Price
            </label>
            <input
              id="alert-price"
              ref={priceRef}
              inputMode="decimal"
              value={price}
              onInput={(e) => setPrice(e.currentTarget.value)}
            />
          </div>
          <div class="algo-row">
            <label class="algo-label" for="alert-condition">
              When
            </label>
            <select
              id="alert-condition"
              value={condition}
              onChange={(e) => setCondition(pick(e.currentTarget.value, CONDITIONS, 'crossing'))}
            >
              <option value="crossing">crossing</option>
              <option value="above">at or above</option>
              <option value="below">at or below</option>
            </select>
          </div>
          <div class="algo-row">
            <label class="algo-label" for="alert-source">
              Price of
            </label>
            <select
              id="alert-source"
              value={source}
              onChange={(e) => setSource(pick(e.currentTarget.value, SOURCES, 'last'))}
            >
              <option value="last">last trade</option>
              <option value="bid">best bid</option>
              <option value="ask">best ask</option>
            </select>
          </div>
          <div class="algo-row">
            <label class="algo-check">
              <input type="checkbox" checked={repeat} onChange={(e) => setRepeat(e.currentTarget.checked)} /> repeat
            </label>
            <label class="algo-check">
              <input type="checkbox" checked={sound} onChange={(e) => setSound(e.currentTarget.checked)} /> sound
            </label>
          </div>
          <div class="algo-row">
            <label class="algo-label" for="alert-note">
              Note
            </label>
            <input id="alert-note" value={note} maxLength={200} onInput={(e) => setNote(e.currentTarget.value)} />
          </div>
          {error && (
            <p class="algo-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div class="modal-foot">
          <button type="button" class="btn" onClick={close}>
            Cancel (Esc)
          </button>
          <button type="submit" class="btn primary" data-testid="alert-save">
            Set alert (Enter)
          </button>
        </div>
      </form>
    </Modal>
  );
}
