import { join } from 'node:path';
import { createLogger, type Logger } from './logger';
import { RotatingFile } from './rotating-file';

export { createLogger, silentLogger, type LogContext, type Logger, type LogSink } from './logger';
export { RotatingFile } from './rotating-file';
export { scrubText } from './scrub';

/** Bounds of the app's log: 5 files of 1 MiB at most. */
export const APP_LOG = { file: 'logs/main.log', maxBytes: 1 << 20, maxFiles: 5 } as const;

/** The main process's log in the user-data folder (`logs/main.log`, rotated). */
export function openAppLog(userDataDir: string, known?: () => readonly string[]): Logger {
  const sink = new RotatingFile({
    path: join(userDataDir, APP_LOG.file),
    maxBytes: APP_LOG.maxBytes,
    maxFiles: APP_LOG.maxFiles,
  });
  return createLogger({ sink, ...(known ? { known } : {}) });
}
