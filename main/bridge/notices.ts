import { randomBytes } from 'node:crypto';
import type { AppNotice } from '../../preload/contract';

/** How many notices a run keeps (the oldest go first): they are rare, and a page shows only the newest few. */
const KEEP = 20;

/**
 * The app's own notices for the trader (a crashed window reloaded, paper state reset), kept for the whole run and
 * replayed to each page that subscribes to `app.notices`: a notice raised before or while a page (re)loads
 * still reaches it.
 */
export class AppNotices {
  private readonly items: AppNotice[] = [];
  private readonly listeners = new Set<(list: AppNotice[]) => void>();
  private seq = 0;
  /** Ids carry a per-run prefix, so a page that outlives a restart of the app never mistakes a new notice for a seen one. */
  private readonly run = randomBytes(4).toString('hex');

  constructor(private readonly now: () => number = Date.now) {}

  push(kind: AppNotice['kind'], text: string): AppNotice {
    const notice: AppNotice = { id: `${this.run}-${++this.seq}`, kind, text, at: this.now() };
    this.items.push(notice);
    if (this.items.length > KEEP) this.items.splice(0, this.items.length - KEEP);
    const list = this.list();
    for (const l of [...this.listeners]) l(list);
    return notice;
  }

  list(): AppNotice[] {
    return [...this.items];
  }

  /** Calls the listener with the list now and after every change; returns the function that stops it. */
  follow(listener: (list: AppNotice[]) => void): () => void {
    this.listeners.add(listener);
    listener(this.list());
    return () => this.listeners.delete(listener);
  }
}
