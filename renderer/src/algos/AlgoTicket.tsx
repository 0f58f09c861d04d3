/**
 * The ticket's algo mode: a keyboard-driven form for TWAP, iceberg, OCO, bracket and trailing stop on the
 * selected pair. Opens with Alt+A (also from inside the order ticket) or the palette; Tab moves, Enter starts
 * the algo, Esc closes. A refusal names the field and changes nothing.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { AlgoType, Side } from '../../../preload/domain';
import { BridgeCallError, call } from '../bridge';
import { Modal } from '../shell/Modal';
import { notify, profileId, selectedPair } from '../state/store';
import { buildDefinition, FIELDS, pick, SIDES, TYPE_IDS } from './definition';
import { algoTicketOpen, selectedAlgoId } from './state';

const TYPES: { id: AlgoType; label: string }[] = [
  { id: 'twap', label: 'TWAP' },
  { id: 'iceberg', label: 'Iceberg' },
  { id: 'oco', label: 'OCO' },
  { id: 'bracket', label: 'Bracket' },
  { id: 'trailing', label: 'Trailing stop' },
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
          <div class="algo-row">
            <label class="algo-label" for="algo-type">
              Type
            </label>
            <select
              id="algo-type"
              ref={typeRef}
              value={type}
              onChange={(e) => {
                setType(pick(e.currentTarget.value, TYPE_IDS, 'twap'));
                setError(null);
              }}
            >
              {TYPES.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
            </select>
          </div>
          <div class="algo-row">
            <label class="algo-label" for="algo-side">
              Side
            </label>
            <select id="algo-side" value={side} onChange={(e) => setSide(pick(e.currentTarget.value, SIDES, 'buy'))}>
              <option value="buy">Buy</option>
              <option value="sell">Sell</option>
            </select>
          </div>
          {FIELDS[type].map((f) => (
            <div class="algo-row" key={`${type}-${f.name}`}>
              <label class="algo-label" for={`algo-${f.name}`}>
                {f.label}
              </label>
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
            </div>
          ))}
          {type === 'trailing' && (
            <>
              <div class="algo-row">
                <label class="algo-label" for="algo-distanceKind">
                  Distance in
                </label>
                <select
                  id="algo-distanceKind"
                  value={distanceKind}
                  onChange={(e) => setDistanceKind(e.currentTarget.value === 'percent' ? 'percent' : 'price')}
                >
                  <option value="price">price</option>
                  <option value="percent">percent</option>
                </select>
              </div>
              <div class="algo-row">
                <label class="algo-label" for="algo-fire">
                  Fires
                </label>
                <select
                  id="algo-fire"
                  value={fire}
                  onChange={(e) => setFire(e.currentTarget.value === 'limit' ? 'limit' : 'market')}
                >
                  <option value="market">market order</option>
                  <option value="limit">limit at the stop</option>
                </select>
              </div>
            </>
          )}
          {error && (
            <p class="algo-error" role="alert" data-testid="algo-error">
              {error.message}
            </p>
          )}
        </div>
        <div class="modal-foot">
          <button type="button" class="btn" onClick={close}>
            Cancel (Esc)
          </button>
          <button type="submit" class="btn primary" disabled={busy} data-testid="algo-start">
            Start {TYPES.find((t) => t.id === type)?.label} (Enter)
          </button>
        </div>
      </form>
    </Modal>
  );
}
