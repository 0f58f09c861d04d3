/** What the outbox keeps on each recipient while a batch is open (fields on the recipient: no per-batch map). */
export interface Recipient {
  /** Frames queued in the open batch, in order; emptied (not replaced) by each flush. */
  readonly queued: Buffer[];
  /** Bytes in `queued`: they count against the recipient's send-buffer bound before they are written. */
  queuedBytes: number;
  /** The numbers of the queued frames within the batch: recipients with equal keys get the very same bytes. */
  queuedKey: string;
}

/**
 * Collects the frames one committed change (or one timer's push) sends, per recipient, and then writes them
 * with ONE socket write per recipient: the frames of a recipient are joined into one buffer, and recipients
 * that get the same frames in the same order (the common case: every subscriber of the pair) share that one
 * joined buffer, so a batch costs one join per distinct frame sequence, not one per socket.
 */
export class Outbox<R extends Recipient> {
  private depth = 0;
  private readonly recipients: R[] = [];
  /** Frame -> its number in this batch (by identity: a broadcast queues the same buffer to every subscriber). */
  private readonly numbers = new Map<Buffer, number>();
  private readonly joined = new Map<string, Buffer>();

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
    let n = this.numbers.get(frame);
    if (n === undefined) {
      n = this.numbers.size;
      this.numbers.set(frame, n);
    }
    r.queued.push(frame);
    r.queuedBytes += frame.length;
    r.queuedKey += `${n},`;
  }

  private flush(): void {
    const recipients = this.recipients;
    try {
      for (const r of recipients) {
        const data = r.queued.length === 1 ? r.queued[0] : this.join(r);
        r.queued.length = 0;
        r.queuedBytes = 0;
        r.queuedKey = '';
        if (data !== undefined) this.write(r, data);
      }
    } finally {
      // A throwing write must not leave frames behind for the next batch.
      for (const r of recipients) {
        r.queued.length = 0;
        r.queuedBytes = 0;
        r.queuedKey = '';
      }
      recipients.length = 0;
      this.numbers.clear();
      this.joined.clear();
    }
  }

  private join(r: R): Buffer {
    let data = this.joined.get(r.queuedKey);
    if (data === undefined) {
      data = Buffer.concat(r.queued, r.queuedBytes);
      this.joined.set(r.queuedKey, data);
    }
    return data;
  }
}
