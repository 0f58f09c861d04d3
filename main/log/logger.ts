/**
 * The main process's log: one JSON object per line (time, level, event, reason, stack, context), every text
 * scrubbed of secrets, keys, signatures and tokens before it is written. No dependency: a log of refusals and
 * unexpected errors needs no more than this.
 */
import { scrubText } from './scrub';

export type LogLevel = 'info' | 'warn' | 'error';
export type LogContext = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(event: string, context?: LogContext): void;
  warn(event: string, reason: unknown, context?: LogContext): void;
  error(event: string, reason: unknown, context?: LogContext): void;
}

export interface LogSink {
  append(line: string): void;
}

export interface LoggerOptions {
  sink: LogSink;
  now?: () => number;
  /** Values to cut out of every line wherever they appear (read at each write, so new keys are covered). */
  known?: () => readonly string[];
  /** Also echo each line here (e.g. stderr in development). */
  echo?: (line: string) => void;
}

/** A logger that writes nothing (tests of code that only needs one to exist). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

function describe(reason: unknown): { reason: string; stack?: string } {
  if (reason instanceof Error) {
    return reason.stack
      ? { reason: `${reason.name}: ${reason.message}`, stack: reason.stack }
      : { reason: reason.message };
  }
  if (typeof reason === 'string') return { reason };
  try {
    return { reason: JSON.stringify(reason) ?? String(reason) };
  } catch {
    return { reason: String(reason) };
  }
}

export function createLogger(options: LoggerOptions): Logger {
  const now = options.now ?? Date.now;
  const write = (level: LogLevel, event: string, reason: unknown, context: LogContext | undefined) => {
    let known: readonly string[] = [];
    try {
      known = options.known?.() ?? [];
    } catch {
      known = [];
    }
    const scrub = (s: string) => scrubText(s, known);
    const entry: Record<string, unknown> = { time: new Date(now()).toISOString(), level, event: scrub(event) };
    if (reason !== undefined) {
      const d = describe(reason);
      entry.reason = scrub(d.reason);
      if (d.stack !== undefined) entry.stack = scrub(d.stack);
    }
    for (const [k, v] of Object.entries(context ?? {})) {
      if (v === undefined || k in entry) continue;
      entry[k] = typeof v === 'string' ? scrub(v) : v;
    }
    const line = `${JSON.stringify(entry)}\n`;
    try {
      options.sink.append(line);
      options.echo?.(line);
    } catch {
      // A full disk must not turn a logged error into a crash; the event is lost, the app goes on.
    }
  };
  return {
    info: (event, context) => write('info', event, undefined, context),
    warn: (event, reason, context) => write('warn', event, reason, context),
    error: (event, reason, context) => write('error', event, reason, context),
  };
}
