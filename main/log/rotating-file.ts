/**
 * An append-only log file bounded in size: when the next line would take `<path>` past `maxBytes`, the files
 * shift (`<path>.1` -> `<path>.2`, …, the oldest beyond `maxFiles` deleted) and `<path>` starts again, so the logs
 * never hold more than about maxBytes x maxFiles. Writes are synchronous and small: the log records rare events
 * (refusals, unexpected errors) and must still be on disk if the process dies right after.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export interface RotatingFileOptions {
  path: string;
  /** Size bound of one file, bytes. */
  maxBytes: number;
  /** How many files in all, the live one included. */
  maxFiles: number;
}

export class RotatingFile {
  private size: number;

  constructor(private readonly options: RotatingFileOptions) {
    if (!(options.maxBytes > 0) || !Number.isSafeInteger(options.maxFiles) || options.maxFiles < 1)
      throw new Error('RotatingFile: maxBytes must be > 0 and maxFiles a whole number >= 1');
    mkdirSync(dirname(options.path), { recursive: true, mode: 0o700 });
    this.size = sizeOf(options.path);
  }

  /** The live file and its rotated predecessors, newest first. */
  files(): string[] {
    const out = [this.options.path];
    for (let i = 1; i < this.options.maxFiles; i++) out.push(`${this.options.path}.${i}`);
    return out;
  }

  append(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.options.maxBytes) this.rotate();
    appendFileSync(this.options.path, line, { mode: 0o600 });
    this.size += bytes;
  }

  private rotate(): void {
    const files = this.files();
    rmSync(files[files.length - 1] as string, { force: true });
    for (let i = files.length - 2; i >= 0; i--) {
      try {
        renameSync(files[i] as string, files[i + 1] as string);
      } catch {
        // a missing predecessor is fine: there is simply less history yet
      }
    }
    this.size = 0;
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
