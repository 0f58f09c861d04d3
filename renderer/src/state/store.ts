/**
 * The workspace's shared state, as signals: panels read what they need and re-render only when it changes.
 * Everything here is keyed to the active profile; a result that arrives for another profile is dropped by the
 * code that fetched it (compare `profileId.value` before writing).
 */
import { computed, signal } from '@preact/signals';
import type { AppInfo, AppStatus, ProfilesState, Settings } from '../../../preload/contract';
import type { Pair, Side, Ticker, Timeframe } from '../../../preload/domain';

export const appInfo = signal<AppInfo | null>(null);
export const profiles = signal<ProfilesState | null>(null);
/** The profile whose data the screen shows. */
export const profileId = computed(() => profiles.value?.activeId ?? null);
export const activeProfile = computed(
  () => profiles.value?.profiles.find((p) => p.id === profiles.value?.activeId) ?? null,
);

export const settings = signal<Settings | null>(null);
export const pairs = signal<Pair[]>([]);
export const tickers = signal<Record<string, Ticker>>({});
export const selectedPair = signal<string>('BTC_USD');
export const timeframe = signal<Timeframe>('60');
export const pairInfo = computed(() => pairs.value.find((p) => p.name === selectedPair.value) ?? null);
export const status = signal<AppStatus | null>(null);

/** Best bid/ask of the selected pair, kept by the order book panel (the ticket loads them on B/S). */
export const bestBid = signal<string | null>(null);
export const bestAsk = signal<string | null>(null);

/** A request to open the order ticket (B/S keys, a click on a book price). `nonce` makes repeats distinct. */
export interface TicketRequest {
  side: Side;
  price: string | null;
  nonce: number;
}
export const ticketRequest = signal<TicketRequest | null>(null);
let ticketNonce = 0;
export function requestTicket(side: Side, price: string | null): void {
  ticketRequest.value = { side, price, nonce: ++ticketNonce };
}

/** Transient messages: fills, cancels, errors in plain words. */
export interface Notice {
  id: number;
  kind: 'info' | 'success' | 'error';
  text: string;
}
export const notices = signal<Notice[]>([]);
let noticeSeq = 0;
export function notify(kind: Notice['kind'], text: string): void {
  const notice = { id: ++noticeSeq, kind, text };
  notices.value = [...notices.value.slice(-4), notice];
  setTimeout(
    () => {
      notices.value = notices.value.filter((n) => n !== notice);
    },
    kind === 'error' ? 8000 : 4000,
  );
}
