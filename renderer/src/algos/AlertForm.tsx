/** A small form for a price alert on the selected pair: above / below / crossing, on last, bid or ask. */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { AlertCondition, AlertSource } from '../../../preload/domain';
import { call } from '../bridge';
import { Modal } from '../shell/Modal';
import { ModalFoot } from '../shell/ModalFoot';
import { notify, profileId, selectedPair, tickers } from '../state/store';
import { fieldText, optionalText } from './field-values';
import type { Choice } from '../shell/choices';
import { ChoiceRow, FieldRow, FormError } from './FormRows';
import { askNotificationPermission } from './os-notify';
import { alertFormOpen } from './state';

const CONDITIONS: readonly Choice<AlertCondition>[] = [
  { value: 'crossing', label: 'crossing' },
  { value: 'above', label: 'at or above' },
  { value: 'below', label: 'at or below' },
];
const SOURCES: readonly Choice<AlertSource>[] = [
  { value: 'last', label: 'last trade' },
  { value: 'bid', label: 'best bid' },
  { value: 'ask', label: 'best ask' },
];

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
          price: fieldText(price),
          repeat,
          sound,
          ...optionalText('note', note),
        },
      });
      askNotificationPermission();
      notify('info', `Alert set: ${pair.replace('_', '/')} ${source} ${condition} ${fieldText(price)}`);
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
          <FieldRow id="alert-price" label="Price">
            <input
              id="alert-price"
              ref={priceRef}
              inputMode="decimal"
              value={price}
              onInput={(e) => setPrice(e.currentTarget.value)}
            />
          </FieldRow>
          <ChoiceRow id="alert-condition" label="When" value={condition} choices={CONDITIONS} onChange={setCondition} />
          <ChoiceRow id="alert-source" label="Price of" value={source} choices={SOURCES} onChange={setSource} />
          <div class="algo-row">
            <label class="algo-check">
              <input type="checkbox" checked={repeat} onChange={(e) => setRepeat(e.currentTarget.checked)} /> repeat
            </label>
            <label class="algo-check">
              <input type="checkbox" checked={sound} onChange={(e) => setSound(e.currentTarget.checked)} /> sound
            </label>
          </div>
          <FieldRow id="alert-note" label="Note">
            <input id="alert-note" value={note} maxLength={200} onInput={(e) => setNote(e.currentTarget.value)} />
          </FieldRow>
          <FormError message={error} />
        </div>
        <ModalFoot onCancel={close} cancel="Cancel (Esc)" submit="Set alert (Enter)" testId="alert-save" />
      </form>
    </Modal>
  );
}
