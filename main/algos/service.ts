/**
 * The algo engines of every profile: one engine per profile, started at app start for each profile that has a
 * journal (so running algos resume), and on first use for the others.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AlgoDefinition, AlgoView } from '../../preload/domain';
import type { Notifier } from '../alerts/notifier';
import { realSetTimer, type SetTimer } from '../market/timers';
import { type AlgoClient, AlgoEngine } from './engine';
import { createAlgoJournal } from './journal';
import type { PriceSource } from './prices';

export interface AlgoServiceDeps {
  /** `<userData>/algos`: one folder per profile. */
  dir: string;
  clientFor: (profileId: string) => AlgoClient;
  pricesFor: (profileId: string) => PriceSource | null;
  notifier: Notifier;
  now?: () => number;
  setTimer?: SetTimer;
  pollMs?: number;
}

/** A profile id as a folder name (ids are UUIDs or "paper-builtin"; anything else is hex-encoded). */
function folderOf(profileId: string): string {
  return /^[A-Za-z0-9_-]{1,64}$/.test(profileId) ? profileId : `x${Buffer.from(profileId).toString('hex')}`;
}

export class AlgoService {
  private readonly engines = new Map<string, Promise<AlgoEngine>>();
  private readonly listeners = new Map<string, Set<(v: AlgoView[]) => void>>();

  constructor(private readonly deps: AlgoServiceDeps) {}

  /** Starts the engine of every profile with a journal, so algos that were running resume. */
  async start(knownProfiles: string[]): Promise<void> {
    let folders: string[] = [];
    try {
      folders = await readdir(this.deps.dir);
    } catch {
      return;
    }
    for (const id of knownProfiles) if (folders.includes(folderOf(id))) await this.engine(id);
  }

  async stop(): Promise<void> {
    const all = await Promise.all(this.engines.values());
    await Promise.all(all.map((e) => e.stop()));
    this.engines.clear();
  }

  engine(profileId: string): Promise<AlgoEngine> {
    let e = this.engines.get(profileId);
    if (!e) {
      const engine = new AlgoEngine({
        profileId,
        client: this.deps.clientFor(profileId),
        journal: createAlgoJournal(join(this.deps.dir, folderOf(profileId)), this.deps.now),
        prices: this.deps.pricesFor(profileId),
        notifier: this.deps.notifier,
        setTimer: this.deps.setTimer ?? realSetTimer,
        ...(this.deps.now ? { now: this.deps.now } : {}),
        ...(this.deps.pollMs ? { pollMs: this.deps.pollMs } : {}),
        onChange: (views) => {
          for (const l of this.listeners.get(profileId) ?? []) l(views);
        },
      });
      e = engine.start().then(() => engine);
      this.engines.set(profileId, e);
      e.catch(() => this.engines.delete(profileId));
    }
    return e;
  }

  async list(profileId: string): Promise<AlgoView[]> {
    return (await this.engine(profileId)).list();
  }

  async create(profileId: string, def: AlgoDefinition): Promise<AlgoView> {
    return (await this.engine(profileId)).create(def);
  }

  onChange(profileId: string, listener: (v: AlgoView[]) => void): () => void {
    const set = this.listeners.get(profileId) ?? new Set();
    set.add(listener);
    this.listeners.set(profileId, set);
    return () => set.delete(listener);
  }
}
