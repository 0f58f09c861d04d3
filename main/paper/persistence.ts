import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from './core';
import { Dec } from './money';
import type { CoreState } from './state';

/**
 * Durable state: an atomic snapshot (`<path>`: temp file + fsync + rename) plus an append-only journal
 * (`<path>.journal`) of the commands applied since. Every record carries a sequence number and the snapshot
 * remembers the last one it contains, so a crash between snapshot and journal truncation replays nothing twice.
 * User-acknowledged commands are fsynced before the reply; fsync also flushes every earlier record.
 */
interface JournalRecord {
  s: number;
  cmd: Command;
}

export interface LoadedState {
  state: CoreState | null;
  commands: Command[];
  seq: number;
}

export class Persistence {
  private fd: number;
  private seq: number;
  private sinceSnapshot = 0;

  constructor(
    private readonly path: string,
    seq: number,
  ) {
    this.seq = seq;
    this.fd = openSync(`${path}.journal`, 'a', 0o600);
  }

  static load(path: string): LoadedState {
    let state: CoreState | null = null;
    let seq = 0;
    if (existsSync(path)) {
      const snap = JSON.parse(readFileSync(path, 'utf8'), revive) as { seq: number; state: CoreState };
      state = snap.state;
      seq = snap.seq;
    }
    const commands: Command[] = [];
    const jpath = `${path}.journal`;
    if (existsSync(jpath)) {
      const lines = readFileSync(jpath, 'utf8').split('\n');
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] as string;
        if (line === '') continue;
        let rec: JournalRecord;
        try {
          rec = JSON.parse(line) as JournalRecord;
        } catch (e) {
          // Only the very last line may be torn by a crash mid-write; it was never acknowledged.
          if (i >= lines.length - 2) break;
          throw e;
        }
        if (rec.s <= seq) continue;
        commands.push(rec.cmd);
        seq = rec.s;
      }
    }
    return { state, commands, seq };
  }

  get journalLength(): number {
    return this.sinceSnapshot;
  }

  append(cmd: Command, seq: number): void {
    this.seq = seq;
    const line = `${JSON.stringify({ s: seq, cmd }, withoutSecrets)}\n`;
    writeSync(this.fd, line);
    this.sinceSnapshot++;
  }

  sync(): void {
    fsyncSync(this.fd);
  }

  /** Writes the whole state atomically, then starts an empty journal. */
  snapshot(state: CoreState): void {
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    writeSync(fd, JSON.stringify({ seq: this.seq, state }, replace));
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.path);
    syncDir(dirname(this.path));
    closeSync(this.fd);
    this.fd = openSync(`${this.path}.journal`, 'w', 0o600);
    fsyncSync(this.fd);
    this.sinceSnapshot = 0;
  }

  close(): void {
    closeSync(this.fd);
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    fsyncSync(fd);
    closeSync(fd);
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  }
}

/** Decimals and Maps survive the round trip as tagged objects. */
/** API secrets never reach the disk: accounts are re-keyed (ensureAccount) every time the exchange starts. */
function withoutSecrets(key: string, value: unknown): unknown {
  return key === 'secret' && typeof value === 'string' ? '' : value;
}

function replace(this: unknown, key: string, value: unknown): unknown {
  if (key === 'secret' && typeof value === 'string') return '';
  const original = (this as Record<string, unknown>)[key];
  if (Dec.isDecimal(original)) return { $d: (original as Dec).toFixed() };
  if (original instanceof Map) return { $m: [...original.entries()] };
  return value;
}

function revive(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.$d === 'string') return new Dec(o.$d);
    if (Array.isArray(o.$m)) return new Map(o.$m as Array<[unknown, unknown]>);
  }
  return value;
}
