/** Per-request trace ring buffer for the UI's request log. Holds no secret, token, signature or body. */
import type { RequestTrace } from '../../preload/domain';

export class TraceLog {
  private readonly buf: RequestTrace[] = [];
  private next = 1;
  private readonly listeners = new Set<(t: RequestTrace) => void>();

  constructor(private readonly capacity = 500) {}

  newId(): number {
    return this.next++;
  }

  record(t: RequestTrace): void {
    this.buf.push(t);
    if (this.buf.length > this.capacity) this.buf.shift();
    for (const l of this.listeners) {
      try {
        l(t);
      } catch {
        // a listener's failure is not the request's failure
      }
    }
  }

  list(): RequestTrace[] {
    return this.buf.map((t) => ({ ...t }));
  }

  subscribe(l: (t: RequestTrace) => void): () => void {
    this.listeners.add(l);
    return () => {
      this.listeners.delete(l);
    };
  }
}
