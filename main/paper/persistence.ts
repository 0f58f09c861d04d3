import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
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
  /** Journal records after the snapshot, in order, with their sequence numbers. */
  records: JournalRecord[];
  seq: number;
  /** Where the journal's readable records end: what a writer must cut or complete before appending. */
  journalEnd: JournalEnd;
}

/**
 * The end of a journal's readable records. `bytes` is the length of its records' text; past it is only a torn
 * tail (a crash mid-write, never acknowledged). `newline` is false when the last record is whole but lost its
 * line end. The writer cuts the tail and adds the line end, so the next record starts on a line of its own.
 */
export interface JournalEnd {
  bytes: number;
  newline: boolean;
}

export type { JournalRecord };

/** Start-up could not use the files the exchange wrote: what went wrong and where the files were kept. */
export interface Recovery {
  reason: string;
  /** The unreadable files, renamed aside (never deleted). */
  movedTo: string[];
}

export class Persistence {
  private fd: number;
  private seq: number;
  private sinceSnapshot = 0;
  private bytes = 0;
  /** Appended records not yet written: one write per batch instead of a syscall per record. */
  private buffered = '';
  private flushScheduled = false;
  /** When the last snapshot was written (ms, wall clock). */
  lastSnapshotAt = Date.now();

  /**
   * Opens the journal for appending. `end` (from `load`) says where its readable records end: a torn tail after
   * them is cut (fsynced) first, else the next record would be glued onto it and the next start could not read it.
   */
  constructor(
    private readonly path: string,
    seq: number,
    end?: JournalEnd,
  ) {
    this.seq = seq;
    this.fd = openSync(`${path}.journal`, 'a', 0o600);
    this.bytes = fstatSync(this.fd).size;
    if (end !== undefined && (end.bytes < this.bytes || (!end.newline && end.bytes > 0))) {
      ftruncateSync(this.fd, Math.min(end.bytes, this.bytes));
      if (!end.newline && end.bytes > 0) writeSync(this.fd, '\n');
      fsyncSync(this.fd);
      this.bytes = fstatSync(this.fd).size;
    }
  }

  /**
   * Renames the state files aside with a timestamp suffix (kept for inspection, never deleted) so the
   * exchange can start fresh. Returns the new paths.
   */
  static moveAside(path: string, now: number): string[] {
    const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
    const moved: string[] = [];
    for (const f of [path, `${path}.journal`, `${path}.tmp`]) {
      if (!existsSync(f)) continue;
      const to = `${f}.unreadable-${stamp}`;
      renameSync(f, to);
      moved.push(to);
    }
    syncDir(dirname(path));
    return moved;
  }

  static load(path: string): LoadedState {
    let state: CoreState | null = null;
    let seq = 0;
    if (existsSync(path)) {
      let snap: { seq: number; state: CoreState };
      try {
        snap = JSON.parse(readFileSync(path, 'utf8'), revive) as { seq: number; state: CoreState };
      } catch (e) {
        throw new Error(`snapshot ${path} is unreadable: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (typeof snap?.seq !== 'number' || typeof snap.state !== 'object' || snap.state === null)
        throw new Error(`snapshot ${path} has no sequence number or state`);
      state = snap.state;
      seq = snap.seq;
    }
    const records: JournalRecord[] = [];
    const jpath = `${path}.journal`;
    const journalEnd: JournalEnd = { bytes: 0, newline: true };
    if (existsSync(jpath)) {
      const lines = readFileSync(jpath, 'utf8').split('\n');
      let offset = 0;
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] as string;
        const start = offset;
        const last = i === lines.length - 1;
        offset += Buffer.byteLength(line) + (last ? 0 : 1);
        if (line === '') continue;
        let rec: JournalRecord;
        try {
          rec = JSON.parse(line) as JournalRecord;
        } catch (e) {
          // Only the very last line may be torn by a crash mid-write; it was never acknowledged.
          if (i >= lines.length - 2) {
            journalEnd.bytes = start;
            journalEnd.newline = true;
            break;
          }
          throw new Error(`journal line ${i + 1} is unreadable: ${e instanceof Error ? e.message : String(e)}`);
        }
        journalEnd.bytes = offset;
        journalEnd.newline = !last;
        if (typeof rec?.s !== 'number' || typeof rec.cmd !== 'object' || rec.cmd === null)
          throw new Error(`journal line ${i + 1} is not a journal record`);
        if (rec.s <= seq) continue;
        if (rec.s !== seq + 1) throw new Error(`journal record ${rec.s} follows ${seq}: records are missing`);
        records.push(rec);
        seq = rec.s;
      }
    }
    return { state, records, seq, journalEnd };
  }

  get journalLength(): number {
    return this.sinceSnapshot;
  }

  /** Bytes in the journal file. */
  get journalBytes(): number {
    return this.bytes;
  }

  /**
   * Adds a record. It reaches the file at the latest when the current event-loop turn ends (or when the
   * batch is large), and is durable after `sync()`, which every acknowledgement to a user waits for.
   */
  append(cmd: Command, seq: number): void {
    this.seq = seq;
    // Only account records carry a secret: the others skip the (slow) replacer.
    const line = `${cmd.c === 'account' ? JSON.stringify({ s: seq, cmd }, withoutSecrets) : JSON.stringify({ s: seq, cmd })}\n`;
    this.buffered += line;
    this.bytes += line.length;
    this.sinceSnapshot++;
    if (this.buffered.length >= WRITE_BATCH) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  /** Writes the buffered records to the file (no fsync). */
  flush(): void {
    if (this.buffered === '' || this.fd < 0) return;
    writeSync(this.fd, this.buffered);
    this.buffered = '';
  }

  /** Writes and fsyncs every record appended so far. */
  sync(): void {
    this.flush();
    fsyncSync(this.fd);
  }

  /** Writes the whole state atomically, then starts an empty journal. */
  snapshot(state: CoreState): void {
    // The snapshot holds every applied command: buffered records would only duplicate it.
    this.buffered = '';
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
    this.bytes = 0;
    this.lastSnapshotAt = Date.now();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
    this.fd = -1;
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

/** Journal bytes gathered before a write. */
const WRITE_BATCH = 64 * 1024;

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
