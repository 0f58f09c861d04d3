/**
 * The order ticket: side, type (limit on v1; market and stop orders with time in force on v3), price, amount,
 * total, 25-100% shortcuts, rounding to the pair's tick and lot, inline errors before sending, an optional
 * confirmation, and the result with its fills.
 *
 * Keys inside the ticket: Tab / Shift+Tab move between fields; ↑/↓ step the price (or stop) by one tick and the
 * amount by one lot, Shift ×10; Enter submits; Esc clears (Esc on a clear ticket leaves it). 1-4 pick 25/50/75/100% while focus is on a button or
 * menu of the ticket (in a text field digits are typed), Alt+1..4 pick them from anywhere in the ticket.
 */
import { useSignalEffect } from '@preact/signals';
import Decimal from 'decimal.js';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { OrderType, Pair, PlaceOrderResult, Side, TimeInForce } from '../../../preload/domain';
import { call } from '../bridge';
import { registerActions } from '../state/actions';
import {
  bestAsk,
  bestBid,
  notify,
  pairInfo,
  profileId,
  requestTicket,
  settings,
  status,
  ticketRequest,
} from '../state/store';
import { Confirm } from './Confirm';
import { outcomeOf } from './outcome';
import { grouped, parseDec, roundTo, stepValue } from './money';
import {
  amountForShare,
  needsPrice,
  needsStop,
  type TicketErrors,
  type TicketField,
  type TicketValues,
  totalOf,
  validateTicket,
} from './ticket-rules';
import { useAccountStream } from './use-account';
import './trading.css';

const TYPES: { value: OrderType; label: string }[] = [
  { value: 'LIMIT', label: 'Limit' },
  { value: 'MARKET', label: 'Market (v3)' },
  { value: 'STOP_LIMIT', label: 'Stop-limit (v3)' },
  { value: 'STOP_MARKET', label: 'Stop-market (v3)' },
];
const TIFS: TimeInForce[] = ['GTC', 'IOC', 'FOK'];
const SHARES = [25, 50, 75, 100] as const;

/** v1 takes plain GTC limit orders; everything else goes through v3. */
export function apiFor(type: OrderType, tif: TimeInForce): 'v1' | 'v3' {
  return type === 'LIMIT' && tif === 'GTC' ? 'v1' : 'v3';
}

function isTextField(t: EventTarget | null): t is HTMLInputElement {
  return t instanceof HTMLInputElement && t.type === 'text';
}

export function OrderTicket() {
  const pid = profileId.value;
  const pair = pairInfo.value;
  const [side, setSide] = useState<Side>('buy');
  const [type, setType] = useState<OrderType>('LIMIT');
  const [tif, setTif] = useState<TimeInForce>('GTC');
  const [price, setPrice] = useState('');
  const [stopPrice, setStopPrice] = useState('');
  const [amount, setAmount] = useState('');
  const [showAll, setShowAll] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<{ pid: string; r: PlaceOrderResult } | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const root = useRef<HTMLFormElement>(null);
  const priceRef = useRef<HTMLInputElement>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  const stopRef = useRef<HTMLInputElement>(null);

  const balances = useAccountStream('account.balances', pid);
  const spendCur = pair ? (side === 'buy' ? pair.quote : pair.base) : null;
  const available = useMemo(() => {
    if (!balances || !spendCur) return null;
    const b = balances.find((x) => x.currency === spendCur && x.walletType === 'SPOT');
    return b ? b.available : '0';
  }, [balances, spendCur]);

  const reference = side === 'buy' ? bestAsk.value : bestBid.value;
  const values: TicketValues = { side, type, price, stopPrice, amount };
  const errors: TicketErrors = pair ? validateTicket(values, pair, available, reference) : {};
  const total = totalOf(values, reference);
  // While typing, a field's error shows once it has content; on submit every error shows.
  const visible = (f: TicketField): string | undefined => {
    const e = errors[f];
    if (!e) return undefined;
    if (showAll) return e;
    const text =
      f === 'price' ? price : f === 'stopPrice' ? stopPrice : f === 'amount' ? amount : amount && price ? 'x' : '';
    return text.trim() ? e : undefined;
  };

  // The pair changed: a price from another market must never be sent.
  useEffect(() => {
    setPrice('');
    setStopPrice('');
    setAmount('');
    setShowAll(false);
    setResult(null);
    setSendError(null);
  }, [pair?.name]);

  // B / S keys and clicks on book prices.
  useSignalEffect(() => {
    const req = ticketRequest.value;
    if (!req) return;
    setSide(req.side);
    const dp = pairInfo.peek()?.pricePrecision;
    const loaded = req.price ? parseDec(req.price) : null;
    if (loaded && dp !== undefined) setPrice(roundTo(loaded, dp, Decimal.ROUND_HALF_UP));
    else if (req.price) setPrice(req.price);
    setShowAll(false);
    setResult(null);
    setSendError(null);
    queueMicrotask(() => {
      const target = priceRef.current ?? amountRef.current;
      target?.focus();
      target?.select();
    });
  });

  useEffect(
    () =>
      registerActions([
        {
          id: 'ticket.buy',
          title: 'Buy: open the ticket at the best ask',
          defaultKey: 'b',
          run: () => requestTicket('buy', bestAsk.peek()),
        },
        {
          id: 'ticket.sell',
          title: 'Sell: open the ticket at the best bid',
          defaultKey: 's',
          run: () => requestTicket('sell', bestBid.peek()),
        },
      ]),
    [],
  );

  if (!pair || !pid)
    return (
      <section class="tr-panel ticket" data-panel="ticket">
        <header class="panel-head">
          <span class="panel-title">Order ticket</span>
        </header>
        <div class="tr-empty muted">Loading the pair…</div>
      </section>
    );

  const p: Pair = pair;
  const clear = () => {
    setPrice('');
    setStopPrice('');
    setAmount('');
    setShowAll(false);
    setSendError(null);
  };

  const pickShare = (pct: number) => {
    const px = needsPrice(type) ? parseDec(price) : (parseDec(reference ?? '') ?? parseDec(stopPrice));
    const a = amountForShare(side, pct, available, px, p);
    if (a === null) {
      notify(
        'info',
        side === 'buy' ? 'Enter a price first: the share is worked out at that price.' : 'Balances are still loading.',
      );
      return;
    }
    setAmount(a);
  };

  const firstInvalid = (): HTMLInputElement | null => {
    if (errors.stopPrice) return stopRef.current;
    if (errors.price) return priceRef.current;
    if (errors.amount || errors.total) return amountRef.current;
    return null;
  };

  const send = async () => {
    setConfirming(false);
    setSending(true);
    setSendError(null);
    const api = apiFor(type, tif);
    try {
      const r = await call('trade.place', {
        profileId: pid,
        api,
        pair: p.name,
        side,
        type,
        ...(needsPrice(type) ? { price: price.trim() } : {}),
        ...(needsStop(type) ? { stopPrice: stopPrice.trim(), stopOperator: side === 'buy' ? 'GTE' : 'LTE' } : {}),
        amount: amount.trim(),
        ...(api === 'v3' && type !== 'MARKET' && type !== 'STOP_MARKET' ? { tif } : {}),
      });
      if (profileId.peek() !== pid) return;
      setResult({ pid, r });
      // The toast says what really happened (resting, filled, killed by IOC/FOK, ...), as the result below does.
      const said = outcomeOf(r, p);
      notify(said.tone, `${said.label}: ${said.detail}`);
      if (r.outcome === 'created') {
        setAmount('');
        setShowAll(false);
      }
    } catch (e) {
      if (profileId.peek() !== pid) return;
      const msg = (e as Error).message;
      setSendError(msg);
      notify('error', msg);
    } finally {
      setSending(false);
    }
  };

  const submit = (e?: Event) => {
    e?.preventDefault();
    if (sending) return;
    setShowAll(true);
    const bad = firstInvalid();
    if (bad) {
      bad.focus();
      return;
    }
    if (settings.value?.confirmOrders ?? true) setConfirming(true);
    else void send();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const t = e.target;
    // The confirmation dialog handles its own keys.
    if (t instanceof Element && t.closest('[role="dialog"]')) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      // First Esc clears the ticket; Esc on a clear ticket leaves it, so single-letter keys work again.
      if (!price && !stopPrice && !amount && t instanceof HTMLElement) t.blur();
      else clear();
      return;
    }
    if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && isTextField(t) && !e.altKey && !e.ctrlKey && !e.metaKey) {
      const n = (e.key === 'ArrowUp' ? 1 : -1) * (e.shiftKey ? 10 : 1);
      const field = t.dataset.field;
      e.preventDefault();
      if (field === 'price') setPrice(stepValue(price, p.pricePrecision, n, reference));
      else if (field === 'stopPrice') setStopPrice(stepValue(stopPrice, p.pricePrecision, n, reference));
      else if (field === 'amount') setAmount(stepValue(amount, p.amountPrecision, n, null));
      return;
    }
    const digit = /^Digit([1-4])$/.exec(e.code)?.[1];
    if (digit && !e.ctrlKey && !e.metaKey && !e.shiftKey && (e.altKey || !isTextField(t))) {
      e.preventDefault();
      pickShare(SHARES[Number(digit) - 1] as number);
      return;
    }
    if (e.key === 'Enter' && t instanceof HTMLSelectElement) {
      e.preventDefault();
      submit();
    }
  };

  const field = (
    name: 'price' | 'stopPrice' | 'amount',
    label: string,
    value: string,
    set: (v: string) => void,
    unit: string,
    ref: { current: HTMLInputElement | null },
  ) => {
    const err = visible(name);
    return (
      <div class="tr-field">
        <label class="tr-label" for={`ticket-${name}`}>
          {label}
        </label>
        <div class={`tr-input${err ? ' tr-invalid' : ''}`}>
          <input
            id={`ticket-${name}`}
            ref={ref}
            type="text"
            inputMode="decimal"
            autoComplete="off"
            spellcheck={false}
            class="num"
            data-field={name}
            data-testid={`ticket-${name}`}
            aria-invalid={err ? true : undefined}
            aria-describedby={err ? `ticket-${name}-err` : undefined}
            value={value}
            onInput={(e) => set((e.currentTarget as HTMLInputElement).value.replace(',', '.').replace(/[^\d.]/g, ''))}
          />
          <span class="tr-unit muted">{unit}</span>
        </div>
        {err && (
          <div class="tr-error" id={`ticket-${name}-err`} data-testid={`ticket-${name}-error`}>
            {err}
          </div>
        )}
      </div>
    );
  };

  const totalErr = visible('total');
  const shown = result && result.pid === pid ? result.r : null;
  const step = (dp: number) => new Decimal(1).div(new Decimal(10).pow(dp)).toFixed(dp);

  return (
    <form
      ref={root}
      class={`tr-panel ticket side-${side}`}
      data-panel="ticket"
      data-testid="ticket"
      data-side={side}
      onSubmit={submit}
      onKeyDown={onKeyDown}
      noValidate
    >
      <header class="panel-head">
        <span class="panel-title">Order ticket</span>
        <span class="tr-pair">{p.name.replace('_', '/')}</span>
        <span class="spacer" />
        <span class="muted tr-api" title="Which API the order goes through">
          {apiFor(type, tif)}
        </span>
      </header>
      <div class="tr-body">
        <div class="tr-sides" role="radiogroup" aria-label="Side">
          {(['buy', 'sell'] as const).map((s) => (
            // biome-ignore lint/a11y/useSemanticElements: a two-button toggle reads better than radio inputs here
            <button
              key={s}
              type="button"
              role="radio"
              aria-checked={side === s}
              class={`tr-side tr-side-${s}${side === s ? ' active' : ''}`}
              data-testid={`ticket-side-${s}`}
              onClick={() => setSide(s)}
            >
              {s === 'buy' ? 'Buy' : 'Sell'} <span class="tr-key">{s === 'buy' ? 'B' : 'S'}</span>
            </button>
          ))}
        </div>
        <div class="tr-row2">
          <label class="tr-mini">
            <span class="tr-label">Type</span>
            <select
              value={type}
              data-testid="ticket-type"
              onChange={(e) => setType((e.currentTarget as HTMLSelectElement).value as OrderType)}
            >
              {TYPES.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
          <label class="tr-mini">
            <span class="tr-label">Time in force</span>
            <select
              value={tif}
              data-testid="ticket-tif"
              disabled={!needsPrice(type)}
              onChange={(e) => setTif((e.currentTarget as HTMLSelectElement).value as TimeInForce)}
            >
              {TIFS.map((t) => (
                <option key={t} value={t}>
                  {t}
                  {t === 'GTC' ? '' : ' (v3)'}
                </option>
              ))}
            </select>
          </label>
        </div>
        {needsStop(type) &&
          field('stopPrice', `Stop (${side === 'buy' ? '≥' : '≤'})`, stopPrice, setStopPrice, p.quote, stopRef)}
        {needsPrice(type) && field('price', 'Price', price, setPrice, p.quote, priceRef)}
        {field('amount', 'Amount', amount, setAmount, p.base, amountRef)}
        <div class="tr-shares">
          {SHARES.map((s, i) => (
            <button
              key={s}
              type="button"
              class="tr-share"
              data-testid={`ticket-share-${s}`}
              onClick={() => pickShare(s)}
            >
              {s}% <span class="tr-key">{i + 1}</span>
            </button>
          ))}
        </div>
        <div class="tr-total">
          <span class="tr-label">{needsPrice(type) ? 'Total' : 'Total ≈'}</span>
          <span class="num" data-testid="ticket-total">
            {total
              ? `${grouped(roundTo(total, p.pricePrecision, Decimal.ROUND_HALF_UP), p.pricePrecision)} ${p.quote}`
              : '—'}
          </span>
        </div>
        <div class="tr-total muted">
          <span class="tr-label">Available</span>
          <span class="num" data-testid="ticket-available">
            {available === null
              ? '…'
              : `${grouped(available, side === 'buy' ? p.pricePrecision : p.amountPrecision)} ${spendCur}`}
          </span>
        </div>
        {totalErr && (
          <div class="tr-error" data-testid="ticket-total-error">
            {totalErr}
          </div>
        )}
        <button
          type="submit"
          class={`tr-btn tr-btn-${side} tr-submit`}
          data-testid="ticket-submit"
          disabled={sending}
          aria-keyshortcuts="Enter"
        >
          {sending ? 'Sending…' : `${side === 'buy' ? 'Buy' : 'Sell'} ${p.base}`} <span class="tr-key">Enter</span>
        </button>
        <div class="tr-hint muted">
          ↑↓ {step(p.pricePrecision)} / {step(p.amountPrecision)} · ⇧×10 · 1-4, Alt+1-4: % · Esc clears
        </div>
        <OfflineWarning />
        {sendError && (
          <div class="tr-error tr-send-error" role="alert" data-testid="ticket-send-error">
            {sendError}
          </div>
        )}
        {shown && <PlaceResult r={shown} pair={p} />}
      </div>
      {confirming && (
        <Confirm
          title={`Confirm ${side} order`}
          confirmLabel={`${side === 'buy' ? 'Buy' : 'Sell'} ${p.base}`}
          tone={side}
          testId="ticket-confirm"
          onConfirm={() => void send()}
          onCancel={() => setConfirming(false)}
        >
          <dl class="tr-summary num">
            <dt>Pair</dt>
            <dd>{p.name.replace('_', '/')}</dd>
            <dt>Order</dt>
            <dd>
              {TYPES.find((t) => t.value === type)?.label.replace(' (v3)', '')} {side}
              {needsPrice(type) ? ` · ${tif}` : ''}
            </dd>
            {needsStop(type) && (
              <>
                <dt>Stop</dt>
                <dd>
                  {side === 'buy' ? '≥ ' : '≤ '}
                  {grouped(stopPrice, p.pricePrecision)} {p.quote}
                </dd>
              </>
            )}
            {needsPrice(type) && (
              <>
                <dt>Price</dt>
                <dd>
                  {grouped(price, p.pricePrecision)} {p.quote}
                </dd>
              </>
            )}
            <dt>Amount</dt>
            <dd>
              {grouped(amount, p.amountPrecision)} {p.base}
            </dd>
            <dt>Total</dt>
            <dd>{total ? `${grouped(total, p.pricePrecision)} ${p.quote}` : '—'}</dd>
          </dl>
        </Confirm>
      )}
    </form>
  );
}

function PlaceResult({ r, pair }: { r: PlaceOrderResult; pair: Pair }) {
  const said = outcomeOf(r, pair);
  return (
    <div
      class={`tr-result tr-result-${r.outcome} tr-result-${said.kind}`}
      data-testid="ticket-result"
      data-outcome={r.outcome}
      data-state={said.kind}
    >
      <div>
        <strong>{said.label}</strong>
        {r.orderId !== null && <span class="num"> · order #{r.orderId}</span>}
      </div>
      <div>{said.detail}</div>
      {r.outcome !== 'created' && r.message && said.detail !== r.message && <div>{r.message}</div>}
      {r.fills.length > 0 && (
        <ul class="tr-result-fills num">
          {r.fills.map((f, i) => (
            <li key={i}>
              filled {grouped(f.amount, pair.amountPrecision)} {pair.base} at {grouped(f.price, pair.pricePrecision)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** While the exchange is unreachable an order may not arrive, or its answer may not come back: say so first. */
function OfflineWarning() {
  const s = status.value;
  if (!s || s.profileId !== profileId.value) return null;
  if (s.connection !== 'offline' && s.feed !== 'offline') return null;
  return (
    <div class="tr-error tr-offline" role="alert" data-testid="ticket-offline">
      Offline: the exchange cannot be reached right now. An order sent now may not arrive, or its answer may be lost
      (the app then looks it up before saying anything).
    </div>
  );
}
