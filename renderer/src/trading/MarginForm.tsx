/** Transfer, borrow and repay in one dense form: what, which wallet (isolated needs a pair), currency, amount. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { RequestOf } from '../../../preload/contract';
import { call } from '../bridge';
import { notify, pairs, profileId, selectedPair } from '../state/store';
import { parseDec } from './money';

type MarginAction = 'ADD' | 'SUB' | 'BORROW' | 'REPAY';
type Wallet = 'ISOLATED_MARGIN' | 'CROSS_MARGIN';

const ACTIONS: { id: MarginAction; label: string; verb: string }[] = [
  { id: 'ADD', label: 'Transfer in ←spot', verb: 'Transfer in' },
  { id: 'SUB', label: 'Transfer out →spot', verb: 'Transfer out' },
  { id: 'BORROW', label: 'Borrow', verb: 'Borrow' },
  { id: 'REPAY', label: 'Repay', verb: 'Repay' },
];

export function MarginForm({ onDone }: { onDone(): void }) {
  const pid = profileId.value;
  const [action, setAction] = useState<MarginAction>('ADD');
  const [wallet, setWallet] = useState<Wallet>('ISOLATED_MARGIN');
  const [pair, setPair] = useState(selectedPair.value);
  const [currency, setCurrency] = useState(() => selectedPair.value.split('_')[1] ?? 'USD');
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // The form follows the market on screen: a new pair picks its isolated scope and its quote currency.
  const market = selectedPair.value;
  useEffect(() => {
    setPair(market);
    setCurrency(market.split('_')[1] ?? 'USD');
  }, [market]);

  const currencies = useMemo(() => {
    if (wallet === 'ISOLATED_MARGIN') return pair.split('_');
    return [...new Set(pairs.value.flatMap((p) => [p.base, p.quote]))].sort();
  }, [wallet, pair]);
  const cur = currencies.includes(currency) ? currency : (currencies[0] ?? currency);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!pid || busy) return;
    const a = parseDec(amount);
    if (!a || a.isZero()) {
      setError(`Enter an amount of ${cur} greater than zero, like 100.`);
      return;
    }
    setError(null);
    setBusy(true);
    const scope = {
      profileId: pid,
      walletType: wallet,
      currency: cur,
      amount: amount.trim(),
      ...(wallet === 'ISOLATED_MARGIN' ? { pair } : {}),
    };
    const verb = ACTIONS.find((x) => x.id === action)?.verb ?? action;
    const where = wallet === 'ISOLATED_MARGIN' ? `isolated ${pair.replace('_', '/')}` : 'cross margin';
    try {
      if (action === 'ADD' || action === 'SUB') {
        const req: RequestOf<'margin.transfer'> = { ...scope, direction: action };
        await call('margin.transfer', req);
      } else if (action === 'BORROW') await call('margin.borrow', scope);
      else await call('margin.repay', scope);
      if (profileId.peek() !== pid) return;
      notify('success', `${verb}: ${amount.trim()} ${cur} (${where})`);
      setAmount('');
      onDone();
    } catch (err) {
      if (profileId.peek() !== pid) return;
      const msg = (err as Error).message;
      setError(msg);
      notify('error', `${verb} failed: ${msg}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="mg-form" onSubmit={submit} data-testid="margin-form" noValidate>
      <label class="tr-mini">
        <span class="tr-label">Action</span>
        <select
          value={action}
          data-testid="margin-action"
          onChange={(e) => setAction((e.currentTarget as HTMLSelectElement).value as MarginAction)}
        >
          {ACTIONS.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </select>
      </label>
      <label class="tr-mini">
        <span class="tr-label">Wallet</span>
        <select
          value={wallet}
          data-testid="margin-wallet-type"
          onChange={(e) => setWallet((e.currentTarget as HTMLSelectElement).value as Wallet)}
        >
          <option value="ISOLATED_MARGIN">Isolated</option>
          <option value="CROSS_MARGIN">Cross</option>
        </select>
      </label>
      {wallet === 'ISOLATED_MARGIN' && (
        <label class="tr-mini">
          <span class="tr-label">Pair</span>
          <select
            value={pair}
            data-testid="margin-pair"
            onChange={(e) => setPair((e.currentTarget as HTMLSelectElement).value)}
          >
            {pairs.value.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name.replace('_', '/')}
              </option>
            ))}
          </select>
        </label>
      )}
      <label class="tr-mini">
        <span class="tr-label">Currency</span>
        <select
          value={cur}
          data-testid="margin-currency"
          onChange={(e) => setCurrency((e.currentTarget as HTMLSelectElement).value)}
        >
          {currencies.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label class="tr-mini mg-amount">
        <span class="tr-label">Amount</span>
        <input
          type="text"
          inputMode="decimal"
          class="num"
          autoComplete="off"
          data-testid="margin-amount"
          value={amount}
          aria-invalid={error ? true : undefined}
          onInput={(e) =>
            setAmount((e.currentTarget as HTMLInputElement).value.replace(',', '.').replace(/[^\d.]/g, ''))
          }
        />
      </label>
      <button type="submit" class="tr-btn tr-btn-accent" disabled={busy} data-testid="margin-submit">
        {busy ? 'Sending…' : (ACTIONS.find((a) => a.id === action)?.verb ?? 'Send')}
      </button>
      {error && (
        <div class="tr-error mg-error" role="alert" data-testid="margin-error">
          {error}
        </div>
      )}
    </form>
  );
}
