/**
 * Price alerts: kept per profile, persisted, watched on the profile's tickers (only while it has an active
 * alert), and a notification (with sound when asked) each time one fires. A one-shot alert goes inactive when
 * it fires; a repeating one stays and fires again after its condition cleared.
 */
import { randomBytes } from 'node:crypto';
import type { AlertDefinition, AlertView, Ticker } from '../../preload/domain';
import type { PriceSource } from '../algos/prices';
import { type AlertMemory, evaluate, priceOf } from './alert-rules';
import type { AlertStore } from './alert-store';
import type { Notifier } from './notifier';

export interface AlertServiceDeps {
  store: AlertStore;
  pricesFor: (profileId: string) => PriceSource;
  notifier: Notifier;
  now?: () => number;
}

export class AlertNotFoundError extends Error {}

export class AlertService {
  private alerts: AlertView[] = [];
  private readonly memory = new Map<string, AlertMemory>();
  private readonly watching = new Map<string, () => void>();
  private readonly listeners = new Map<string, Set<(a: AlertView[]) => void>>();
  private readonly now: () => number;
  problem: string | null = null;

  constructor(private readonly deps: AlertServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  async start(): Promise<void> {
    const { alerts, problem } = await this.deps.store.load();
    this.alerts = alerts;
    this.problem = problem;
    for (const id of new Set(alerts.map((a) => a.profileId))) this.rewatch(id);
  }

  stop(): void {
    for (const stop of this.watching.values()) stop();
    this.watching.clear();
  }

  list(profileId: string): AlertView[] {
    return this.alerts.filter((a) => a.profileId === profileId);
  }

  async create(profileId: string, def: AlertDefinition): Promise<AlertView> {
    const alert: AlertView = {
      ...def,
      id: `al${this.now().toString(36)}${randomBytes(3).toString('hex')}`,
      profileId,
      createdAt: this.now(),
      active: true,
      firedAt: null,
      fireCount: 0,
    };
    const next = [...this.alerts, alert];
    await this.deps.store.save(next);
    this.alerts = next;
    this.changed(profileId);
    this.rewatch(profileId);
    return alert;
  }

  async remove(profileId: string, id: string): Promise<void> {
    if (!this.alerts.some((a) => a.id === id && a.profileId === profileId))
      throw new AlertNotFoundError(`No alert ${id} in this profile.`);
    const next = this.alerts.filter((a) => a.id !== id);
    await this.deps.store.save(next);
    this.alerts = next;
    this.memory.delete(id);
    this.changed(profileId);
    this.rewatch(profileId);
  }

  onChange(profileId: string, listener: (a: AlertView[]) => void): () => void {
    const set = this.listeners.get(profileId) ?? new Set();
    set.add(listener);
    this.listeners.set(profileId, set);
    return () => set.delete(listener);
  }

  /** Watches the profile's tickers while it has an active alert, and only then. */
  private rewatch(profileId: string): void {
    const needed = this.alerts.some((a) => a.profileId === profileId && a.active);
    const running = this.watching.get(profileId);
    if (needed && !running) {
      try {
        this.watching.set(
          profileId,
          this.deps.pricesFor(profileId).subscribe((t) => this.onTickers(profileId, t)),
        );
      } catch (e) {
        this.problem = `Alerts of profile ${profileId} cannot watch prices: ${e instanceof Error ? e.message : String(e)}`;
      }
    } else if (!needed && running) {
      running();
      this.watching.delete(profileId);
    }
  }

  private onTickers(profileId: string, tickers: Ticker[]): void {
    const byPair = new Map(tickers.map((t) => [t.pair, t]));
    let fired = false;
    for (const a of this.alerts) {
      if (a.profileId !== profileId || !a.active) continue;
      const t = byPair.get(a.pair);
      const price = t ? priceOf(a, t) : null;
      if (price === null) continue;
      const r = evaluate(a, this.memory.get(a.id) ?? { prev: null, armed: true }, price);
      this.memory.set(a.id, r.memory);
      if (!r.fire) continue;
      fired = true;
      a.firedAt = this.now();
      a.fireCount += 1;
      if (!a.repeat) a.active = false;
      const words =
        a.condition === 'crossing' ? 'crossed' : a.condition === 'above' ? 'is at or above' : 'is at or below';
      this.deps.notifier.notify(
        `Alert: ${a.pair} ${a.source} ${words} ${a.price}`,
        `${a.source} price ${price}${a.note ? ` — ${a.note}` : ''}`,
        a.sound,
        profileId,
      );
    }
    if (!fired) return;
    void this.deps.store.save(this.alerts).catch((e: unknown) => {
      this.problem = `Alerts could not be saved: ${e instanceof Error ? e.message : String(e)}`;
    });
    this.changed(profileId);
    this.rewatch(profileId);
  }

  private changed(profileId: string): void {
    const list = this.list(profileId);
    for (const l of this.listeners.get(profileId) ?? []) l(list);
  }
}
