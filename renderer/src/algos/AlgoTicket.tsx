/**
 * The ticket's algo mode: a keyboard-driven form for TWAP, iceberg, OCO, bracket and trailing stop on the
 * selected pair. Opens with Alt+A (also from inside the order ticket) or the palette; Tab moves, Enter starts
 * the algo, Esc closes. A refusal names the field and changes nothing.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { AlgoType, Side } from '../../../preload/domain';
import { BridgeCallError, call } from '../bridge';
import { Modal } from '../shell/Modal';
import { ModalFoot } from '../shell/ModalFoot';
import { notify, profileId, selectedPair } from '../state/store';
import { buildDefinition, FIELDS } from './definition';
import type { Choice } from '../shell/choices';
import { ChoiceRow, FieldRow, FormError } from './FormRows';
import { algoTicketOpen, selectedAlgoId } from './state';

const TYPES: readonly Choice<AlgoType>[] = [
  { value: 'twap', label: 'TWAP' },
  { value: 'iceberg', label: 'Iceberg' },
  { value: 'oco', label: 'OCO' },
  { value: 'bracket', label: 'Bracket' },
  { value: 'trailing', label: 'Trailing stop' },
];
const SIDES: readonly Choice<Side>[] = [
  { value: 'buy', label: 'Buy' },
  { value: 'sell', label: 'Sell' },
];
const DISTANCE_KINDS: readonly Choice<'price' | 'percent'>[] = [
  { value: 'price', label: 'price' },
  { value: 'percent', label: 'percent' },
];
const FIRES: readonly Choice<'market' | 'limit'>[] = [
  { value: 'market', label: 'market order' },
  { value: 'limit', label: 'limit at the stop' },
];

export function AlgoTicket() {
  const [type, setType] = useState<AlgoType>('twap');
  const [side, setSide] = useState<Side>('buy');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [distanceKind, setDistanceKind] = useState<'price' | 'percent'>('price');
  const [fire, setFire] = useState<'market' | 'limit'>('market');
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const typeRef = useRef<HTMLSelectElement>(null);
  const pair = selectedPair.value;
  const close = () => (algoTicketOpen.value = false);

  useLayoutEffect(() => typeRef.current?.focus(), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    const pid = profileId.value;
    if (!pid || busy) return;
    const built = buildDefinition(type, pair, side, fields, { distanceKind, fire });
    if (!built.ok) {
      setError({ field: built.field, message: built.message });
      return;
    }
    setBusy(true);
    try {
      const v = await call('algos.create', { profileId: pid, definition: built.definition });
      selectedAlgoId.value = v.id;
      notify('info', `${type.toUpperCase()} started: ${side} ${v.total} ${pair.replace('_', '/')}`);
      close();
    } catch (err) {
      const field = err instanceof BridgeCallError && err.field ? err.field.replace(/^definition\.?/, '') : null;
      setError({ field: field || null, message: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={`Algo order — ${pair.replace('_', '/')}`} onClose={close} testId="algo-ticket" class="algo-modal">
      <form class="algo-form" onSubmit={submit} data-testid="algo-form">
        <div class="modal-head">Algo order — {pair.replace('_', '/')}</div>
        <div class="modal-body algo-body">
          <ChoiceRow
            id="algo-type"
            label="Type"
            selectRef={typeRef}
            value={type}
            choices={TYPES}
            onChange={(t) => {
              setType(t);
              setError(null);
            }}
          />
          <ChoiceRow id="algo-side" label="Side" value={side} choices={SIDES} onChange={setSide} />
          {FIELDS[type].map((f) => (
            <FieldRow key={`${type}-${f.name}`} id={`algo-${f.name}`} label={f.label}>
              <input
                id={`algo-${f.name}`}
                name={f.name}
                inputMode="decimal"
                autoComplete="off"
                placeholder={f.hint ?? ''}
                aria-invalid={error?.field === f.name}
                value={fields[f.name] ?? ''}
                onInput={(e) => {
                  const value = e.currentTarget.value;
                  setFields((x) => ({ ...x, [f.name]: value }));
                }}
              />
            </FieldRow>
          ))}
          {type === 'trailing' && (
            <>
              <ChoiceRow
                id="algo-distanceKind"
                label="Distance in"
                value={distanceKind}
                choices={DISTANCE_KINDS}
                onChange={setDistanceKind}
              />
              <ChoiceRow id="algo-fire" label="Fires" value={fire} choices={FIRES} onChange={setFire} />
            </>
          )}
          <FormError message={error?.message ?? null} testId="algo-error" />
        </div>
        <ModalFoot
          onCancel={close}
          cancel="Cancel (Esc)"
          submit={`Start ${TYPES.find((t) => t.value === type)?.label} (Enter)`}
          testId="algo-start"
          busy={busy}
        />
      </form>
    </Modal>
  );
}
