/** What the outbox keeps on each recipient while a batch is open (fields on the recipient: no per-batch map). */
export interface Recipient {
  /** Frames queued in the open batch, in order; emptied (not replaced) by each flush. */
  readonly queued: Buffer[];
  /** Bytes in `queued`: they count against the recipient's send-buffer bound before they are written. */
  queuedBytes: number;
}

/** Distinct frame sequences remembered per first frame; past it a sequence is joined for its recipient alone. */
const MAX_JOINS_PER_FIRST_FRAME = 16;

interface Joined {
  frames: readonly Buffer[];
  data: Buffer;
}

/**
 * Collects the frames one committed change (or one timer's push) sends, per recipient, and then writes them
 * with ONE socket write per recipient: the frames of a recipient are joined into one buffer, and recipients
 * that get the same frames in the same order (the common case: every subscriber of the pair) share that one
 * joined buffer, so a batch costs one join per distinct frame sequence, not one per socket, and allocates
 * nothing per recipient. Frames are compared by identity: a broadcast queues the same buffer to everyone.
 */
export class Outbox<R extends Recipient> {
  private depth = 0;
  private readonly recipients: R[] = [];
  /** The joined sequences of this batch, by their first frame. */
  private readonly joined = new Map<Buffer, Joined[]>();

  constructor(private readonly write: (r: R, data: Buffer) => void) {}

  get isOpen(): boolean {
    return this.depth > 0;
  }

  /** Runs `fn` inside a batch; a nested call joins the batch already open. Flushes even when `fn` throws. */
  batch(fn: () => void): void {
    this.depth++;
    try {
      fn();
    } finally {
      if (--this.depth === 0) this.flush();
    }
  }

  /** Queues `frame` for `r` in the open batch. */
  queue(r: R, frame: Buffer): void {
    if (r.queued.length === 0) this.recipients.push(r);
    r.queued.push(frame);
    r.queuedBytes += frame.length;
  }

  private flush(): void {
    const recipients = this.recipients;
    try {
      for (const r of recipients) {
        const data = r.queued.length === 1 ? r.queued[0] : this.join(r.queued, r.queuedBytes);
        if (data !== undefined) this.write(r, data);
      }
    } finally {
      // Emptied after the writes, even after a throwing one: no frame is left behind for the next batch.
      for (const r of recipients) {
        r.queued.length = 0;
        r.queuedBytes = 0;
      }
      recipients.length = 0;
      this.joined.clear();
    }
  }

  private join(frames: readonly Buffer[], bytes: number): Buffer {
    const first = frames[0];
    if (first === undefined) return Buffer.alloc(0);
    let known = this.joined.get(first);
    if (known === undefined) {
      known = [];
      this.joined.set(first, known);
    }
    for (const j of known) if (sameFrames(j.frames, frames)) return j.data;
    const data = Buffer.concat(frames, bytes);
    if (known.length < MAX_JOINS_PER_FIRST_FRAME) known.push({ frames: [...frames], data });
    return data;
  }
}

function sameFrames(a: readonly Buffer[], b: readonly Buffer[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
