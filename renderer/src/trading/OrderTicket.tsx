/**
 * The order ticket: side; type (limit, market, stop-limit, stop-market); the wallet it trades from (spot,
 * cross or isolated margin, with auto-borrow / auto-repay) where the venue has margin; the stop's trigger
 * direction; time in force (GTC, IOC, FOK, AON) and post-only; a market buy by base amount or by what it
 * spends; price, amount, total (a market order's total is estimated by walking the book, shown with "≈"),
 * 25-100% shortcuts, inline errors before sending, an optional confirmation, and the result with its fills.
 * The form scrolls within itself; the submit button and the result stay in view below it.
 *
 * Keys inside the ticket: Tab / Shift+Tab move between fields; ↑/↓ step the price (or stop) by one tick and the
 * amount by one lot, Shift ×10; Enter submits; Esc clears (Esc on a clear ticket leaves it); Alt+Y cycles the
 * order type. 1-4 pick 25/50/75/100% while focus is on a button or menu of the ticket (in a text field digits
 * are typed), Alt+1..4 pick them from anywhere in the ticket.
 */
import { useSignalEffect } from '@preact/signals';
import Decimal from 'decimal.js';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { RequestOf } from '../../../preload/contract';
import type { OrderBook, OrderType, Pair, PlaceOrderResult, Side, TimeInForce } from '../../../preload/domain';
import { tradingAccount } from '../accounts/trading-account';
import { call, subscribe } from '../bridge';
import { registerActions } from '../state/actions';
import {
  activeProfile,
  bestAsk,
  bestBid,
  notify,
  pairInfo,
  profileId,
  requestTicket,
  settings,
  status,
  ticketRequest,
  tickers,
} from '../state/store';
import { walkByBase, walkByQuote } from './book-walk';
import { Confirm } from './Confirm';
import { outcomeOf } from './outcome';
import { grouped, parseDec, roundTo, stepValue } from './money';
import {
  amountForShare,
  apiFor,
  byQuote,
  defaultStopOperator,
  needsPrice,
  needsStop,
  stopTriggersNow,
  type TicketErrors,
  type TicketField,
  type TicketValues,
  totalOf,
  validateTicket,
  venueHasMargin,
} from './ticket-rules';
import { type SideEffect, SIDE_EFFECTS, TIFS, type TicketWallet, TicketOptions, WALLETS } from './TicketOptions';
import { useAccountStream, useProfileCall } from './use-account';
import './trading.css';

export const TYPES: { value: OrderType; label: string }[] = [
  { value: 'LIMIT', label: 'Limit' },
  { value: 'MARKET', label: 'Market' },
  { value: 'STOP_LIMIT', label: 'Stop-limit' },
  { value: 'STOP_MARKET', label: 'Stop-market' },
];
const SHARES = [25, 50, 75, 100] as const;

function isTextField(t: EventTarget | null): t is HTMLInputElement {
  return t instanceof HTMLInputElement && t.type === 'text';
}

export function OrderTicket() {
  const pid = profileId.value;
  const pair = pairInfo.value;
  const margin = venueHasMargin(activeProfile.value?.venue);
  const subaccount = tradingAccount.value;
  const [side, setSide] = useState<Side>('buy');
  const [type, setType] = useState<OrderType>('LIMIT');
  const [tif, setTif] = useState<TimeInForce>('GTC');
  const [wallet, setWallet] = useState<TicketWallet>('SPOT');
  const [sideEffect, setSideEffect] = useState<SideEffect>('NONE');
  const [postOnly, setPostOnly] = useState(false);
  const [stopOp, setStopOp] = useState<'GTE' | 'LTE'>('GTE');
  const [amountIn, setAmountIn] = useState<'base' | 'quote'>('base');
  const [price, setPrice] = useState('');
  const [stopPrice, setStopPrice] = useState('');
  const [amount, setAmount] = useState('');
  const [showAll, setShowAll] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<{ pid: string; r: PlaceOrderResult } | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const [book, setBook] = useState<OrderBook | null>(null);
  const root = useRef<HTMLFormElement>(null);
  const priceRef = useRef<HTMLInputElement>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  const stopRef = useRef<HTMLInputElement>(null);

  const effWallet: TicketWallet = margin ? wallet : 'SPOT';
  const effSideEffect: SideEffect = effWallet === 'SPOT' ? 'NONE' : sideEffect;
  const quoteMode = type === 'MARKET' && side === 'buy' && amountIn === 'quote';
  const effPostOnly = postOnly && type === 'LIMIT' && tif === 'GTC';

  const balances = useAccountStream('account.balances', pid);
  // Margin wallets are read on demand (a private call), only while a margin wallet is chosen.
  const [marginTick, setMarginTick] = useState(0);
  const marginBalances = useProfileCall(
    'margin.balances',
    pid,
    (id) => ({ profileId: id }),
    [marginTick],
    effWallet !== 'SPOT',
  );
  const spendCur = pair ? (side === 'buy' ? pair.quote : pair.base) : null;
  const available = useMemo(() => {
    // The streams carry the key's own account; a subaccount's balance is not shown rather than shown wrong.
    if (!spendCur || !pair || subaccount) return null;
    if (effWallet === 'SPOT') {
      if (!balances) return null;
      const b = balances.find((x) => x.currency === spendCur && x.walletType === 'SPOT');
      return b ? b.available : '0';
    }
    if (!marginBalances.data) return null;
    const b = marginBalances.data.find(
      (x) =>
        x.currency === spendCur && x.walletType === effWallet && (effWallet === 'CROSS_MARGIN' || x.pair === pair.name),
    );
    return b ? b.available : '0';
  }, [balances, marginBalances.data, spendCur, effWallet, pair, subaccount]);

  // The book under a market order, for the estimate; the hub shares the order book panel's stream. Followed only
  // while the type is market: otherwise every book update (20 a second) would re-render the whole ticket for
  // an estimate it does not show.
  const pairName = pair?.name ?? null;
  const followsBook = type === 'MARKET';
  useEffect(() => {
    setBook(null);
    if (!pid || !pairName || !followsBook) return;
    return subscribe('market.book', { profileId: pid, pair: pairName }, (b) => {
      if (profileId.peek() === pid) setBook(b);
    });
  }, [pid, pairName, followsBook]);

  const reference = side === 'buy' ? bestAsk.value : bestBid.value;
  const values: TicketValues = { side, type, price, stopPrice, amount, amountIn: quoteMode ? 'quote' : 'base' };
  // With auto-borrow the shortfall is borrowed, so the balance does not limit the order.
  const checkedAvailable = effSideEffect === 'AUTO_BORROW' ? null : available;
  const errors: TicketErrors = pair ? validateTicket(values, pair, checkedAvailable, reference) : {};
  const estimate = useMemo(() => {
    if (type !== 'MARKET' || !book || !pair) return null;
    const a = parseDec(amount);
    if (!a || a.isZero()) return null;
    if (byQuote(values)) return walkByQuote(book.asks, a, pair.amountPrecision);
    return walkByBase(side === 'buy' ? book.asks : book.bids, a);
  }, [type, book, amount, side, quoteMode, pair]);
  const total = type === 'MARKET' && estimate ? estimate.quote : totalOf(values, reference);
  const last = pair ? (tickers.value[pair.name]?.last ?? null) : null;
  const stopNow = needsStop(type) && stopTriggersNow(stopOp, stopPrice, last);
  // Post-only at or through the other side's best price would take liquidity: the exchange refuses it.
  const opposite = side === 'buy' ? bestAsk.value : bestBid.value;
  const postOnlyCrosses =
    postOnly && type === 'LIMIT' && tif === 'GTC' && stopTriggersNow(side === 'buy' ? 'LTE' : 'GTE', price, opposite);

  // While typing, a field's error shows once it has content; on submit every error shows.
  const visible = (f: TicketField): string | undefined => {
    const e = errors[f];
    if (!e) return undefined;
    if (showAll) return e;
    const text =
      f === 'price'
        ? price
        : f === 'stopPrice'
          ? stopPrice
          : f === 'amount'
            ? amount
            : amount && (price || !needsPrice(type))
              ? 'x'
              : '';
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

  // The usual trigger direction follows the side until the trader picks another.
  useEffect(() => setStopOp(defaultStopOperator(side)), [side]);

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

  const cycleType = (dir: 1 | -1) =>
    setType((t) => {
      const i = TYPES.findIndex((x) => x.value === t);
      return TYPES[(i + dir + TYPES.length) % TYPES.length]?.value ?? t;
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
        {
          id: 'ticket.cycleType',
          title: 'Ticket: next order type (limit, market, stop-limit, stop-market)',
          defaultKey: 'Alt+Y',
          run: () => cycleType(1),
        },
        {
          id: 'ticket.cycleTypeBack',
          title: 'Ticket: previous order type',
          defaultKey: 'Alt+Shift+Y',
          run: () => cycleType(-1),
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
  const amountUnit = quoteMode ? p.quote : p.base;
  const clear = () => {
    setPrice('');
    setStopPrice('');
    setAmount('');
    setShowAll(false);
    setSendError(null);
  };

  const pickShare = (pct: number) => {
    if (quoteMode) {
      if (available === null) return notify('info', 'Balances are still loading.');
      setAmount(roundTo(new Decimal(available).mul(pct).div(100), p.pricePrecision));
      return;
    }
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

  const accountId = subaccount?.id ?? null;
  const api = apiFor(type, tif, effWallet, effPostOnly, accountId);
  const request = (): RequestOf<'trade.place'> => ({
    profileId: pid,
    api,
    pair: p.name,
    side,
    type,
    ...(needsPrice(type) ? { price: price.trim() } : {}),
    ...(needsStop(type) ? { stopPrice: stopPrice.trim(), stopOperator: stopOp } : {}),
    ...(quoteMode ? { quoteAmount: amount.trim() } : { amount: amount.trim() }),
    ...(api === 'v3' && needsPrice(type) ? { tif } : {}),
    ...(effWallet !== 'SPOT' ? { walletType: effWallet } : {}),
    ...(effSideEffect !== 'NONE' ? { sideEffect: effSideEffect } : {}),
    ...(effPostOnly ? { postOnly: true } : {}),
    ...(accountId !== null ? { accountId } : {}),
  });

  const send = async () => {
    setConfirming(false);
    setSending(true);
    setSendError(null);
    // The previous order's result must not read as this one's.
    setResult(null);
    try {
      const r = await call('trade.place', request());
      if (profileId.peek() !== pid) return;
      setResult({ pid, r });
      // The toast says what really happened (resting, filled, killed by IOC/FOK, ...), as the result below does.
      const said = outcomeOf(r, p);
      notify(said.tone, `${said.label}: ${said.detail}`);
      if (r.outcome === 'created') {
        setAmount('');
        setShowAll(false);
        if (effWallet !== 'SPOT') setMarginTick((t) => t + 1);
      }
    } catch (e) {
      if (profileId.peek() !== pid) return;
      const raw = (e as Error).message;
      const msg = /post_only/i.test(raw)
        ? `Not placed: post-only, and this price would trade at once against the book (${raw.replace(/^.*post_only\s*/i, '')}). Move the price away from the other side.`
        : raw;
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
      else if (field === 'amount')
        setAmount(stepValue(amount, quoteMode ? p.pricePrecision : p.amountPrecision, n, null));
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
  const isMarket = type === 'MARKET';
  const totalText = (() => {
    if (isMarket && quoteMode)
      return estimate ? `≈ ${grouped(roundTo(estimate.base, p.amountPrecision), p.amountPrecision)} ${p.base}` : '—';
    if (!total) return '—';
    const figure = `${grouped(roundTo(total, p.pricePrecision, Decimal.ROUND_HALF_UP), p.pricePrecision)} ${p.quote}`;
    return needsPrice(type) ? figure : `≈ ${figure}`;
  })();
  const typeLabel = TYPES.find((t) => t.value === type)?.label ?? type;
  const walletLabel = WALLETS.find((w) => w.value === effWallet)?.label ?? effWallet;

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
        {subaccount && (
          <span class="tr-sub muted" data-testid="ticket-subaccount" title="Orders are placed for this subaccount">
            for {subaccount.name}
          </span>
        )}
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
        <label class="tr-mini">
          <span class="tr-label">
            Type <span class="tr-key">Alt+Y</span>
          </span>
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
        <TicketOptions
          type={type}
          margin={margin}
          wallet={effWallet}
          onWallet={setWallet}
          sideEffect={effSideEffect}
          onSideEffect={setSideEffect}
          tif={tif}
          onTif={setTif}
          postOnly={effPostOnly}
          postOnlyAllowed={type === 'LIMIT' && tif === 'GTC'}
          onPostOnly={setPostOnly}
        />
        {needsStop(type) && (
          <label class="tr-mini">
            <span class="tr-label">Trigger</span>
            <select
              value={stopOp}
              data-testid="ticket-stop-op"
              onChange={(e) => setStopOp((e.currentTarget as HTMLSelectElement).value as 'GTE' | 'LTE')}
            >
              <option value="GTE">
                When the price rises to the stop (≥){side === 'buy' ? ': stop-entry' : ': take-profit'}
              </option>
              <option value="LTE">
                When the price falls to the stop (≤){side === 'buy' ? ': buy the dip' : ': stop-loss'}
              </option>
            </select>
          </label>
        )}
        {needsStop(type) &&
          field('stopPrice', `Stop (${stopOp === 'GTE' ? '≥' : '≤'})`, stopPrice, setStopPrice, p.quote, stopRef)}
        {stopNow && (
          <div class="tr-warn" role="status" data-testid="ticket-stop-warning">
            The last price {last} is already {stopOp === 'GTE' ? 'at or above' : 'at or below'} this stop: the order
            triggers as soon as it is placed.
          </div>
        )}
        {needsPrice(type) && field('price', 'Price', price, setPrice, p.quote, priceRef)}
        {postOnlyCrosses && (
          <div class="tr-warn" role="status" data-testid="ticket-post-only-warning">
            At this price the order would trade at once against the best {side === 'buy' ? 'ask' : 'bid'} {opposite}:
            post-only orders are refused then.
          </div>
        )}
        {isMarket && side === 'buy' && (
          <div class="tr-amount-in" role="radiogroup" aria-label="Buy by">
            {(['base', 'quote'] as const).map((u) => (
              // biome-ignore lint/a11y/useSemanticElements: a two-button toggle reads better than radio inputs here
              <button
                key={u}
                type="button"
                role="radio"
                aria-checked={amountIn === u}
                class={`tr-chip${amountIn === u ? ' active' : ''}`}
                data-testid={`ticket-amount-in-${u}`}
                onClick={() => {
                  setAmountIn(u);
                  setAmount('');
                }}
              >
                {u === 'base' ? `Amount of ${p.base}` : `Spend ${p.quote}`}
              </button>
            ))}
          </div>
        )}
        {field('amount', quoteMode ? 'Spend' : 'Amount', amount, setAmount, amountUnit, amountRef)}
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
          <span class="tr-label">{quoteMode ? 'You get' : 'Total'}</span>
          <span class="num" data-testid="ticket-total">
            {totalText}
          </span>
        </div>
        {isMarket && estimate && !estimate.complete && (
          <div class="tr-warn" data-testid="ticket-thin-book">
            The book shown holds only {grouped(roundTo(estimate.base, p.amountPrecision), p.amountPrecision)} {p.base}:
            the rest fills at prices not shown, or not at all.
          </div>
        )}
        <div class="tr-total muted">
          <span class="tr-label">Available{effWallet !== 'SPOT' ? ` (${walletLabel.toLowerCase()})` : ''}</span>
          <span class="num" data-testid="ticket-available">
            {subaccount
              ? 'not shown for a subaccount'
              : available === null
                ? '…'
                : `${grouped(available, side === 'buy' ? p.pricePrecision : p.amountPrecision)} ${spendCur}`}
          </span>
        </div>
        <div class="tr-hint muted">
          ↑↓ {step(p.pricePrecision)} / {step(p.amountPrecision)} · ⇧×10 · 1-4, Alt+1-4: % · Esc clears
        </div>
      </div>
      <div class="tr-foot">
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
          {sending ? 'Sending…' : `${side === 'buy' ? 'Buy' : 'Sell'} ${p.base}`}
          {effWallet !== 'SPOT' && !sending ? ` · ${walletLabel}` : ''} <span class="tr-key">Enter</span>
        </button>
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
              {typeLabel} {side}
              {needsPrice(type) ? ` · ${TIFS.find((t) => t.value === tif)?.label ?? tif}` : ''}
              {effPostOnly ? ' · post-only' : ''}
            </dd>
            <dt>Wallet</dt>
            <dd>
              {walletLabel}
              {effSideEffect !== 'NONE' ? ` · ${SIDE_EFFECTS.find((x) => x.value === effSideEffect)?.label}` : ''}
              {subaccount ? ` · for ${subaccount.name}` : ''}
            </dd>
            {needsStop(type) && (
              <>
                <dt>Stop</dt>
                <dd>
                  {stopOp === 'GTE' ? '≥ ' : '≤ '}
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
            <dt>{quoteMode ? 'Spend' : 'Amount'}</dt>
            <dd>
              {quoteMode
                ? `${grouped(amount, p.pricePrecision)} ${p.quote}`
                : `${grouped(amount, p.amountPrecision)} ${p.base}`}
            </dd>
            <dt>{quoteMode ? 'You get' : 'Total'}</dt>
            <dd>{totalText}</dd>
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
