/**
 * Handlers of the P&L, portfolio and export methods. Kept apart from handlers.ts so that file only spreads
 * them in; every call names its profile, like the rest of the bridge.
 */
import type { ProfileManager } from '../accounts/types';
import { createExportService, ExportUnavailableError, type FileSaver } from '../export/export-service';
import { createPnlService, DEFAULT_RANGE_MS } from '../pnl/pnl-service';
import { BridgeError } from './errors';
import type { Handlers } from './dispatch';

export interface PnlHandlerDeps {
  profiles: ProfileManager;
  /** Electron's save dialog + file write; absent in browser mode (exports are downloads there). */
  saveFile?: FileSaver;
  now?: () => number;
}

export const DEFAULT_CURRENCY = 'USD';
export const DEFAULT_HISTORY_POINTS = 120;

type PnlMethods = 'pnl.summary' | 'pnl.portfolio' | 'pnl.history' | 'export.csv';

export function createPnlHandlers({ profiles, saveFile, now = Date.now }: PnlHandlerDeps): Pick<Handlers, PnlMethods> {
  const clientFor = (id: string) => profiles.client(id);
  const pnl = createPnlService({ clientFor, now });
  const exports = createExportService({ clientFor, pnl, ...(saveFile ? { saveFile } : {}) });
  return {
    'pnl.summary': ({ profileId, method, currency, ...range }) =>
      pnl.summary(profileId, { ...range, method: method ?? 'average', currency: currency ?? DEFAULT_CURRENCY }),
    'pnl.portfolio': ({ profileId, currency }) => pnl.portfolio(profileId, currency ?? DEFAULT_CURRENCY),
    'pnl.history': ({ profileId, currency, points, ...range }) =>
      pnl.history(profileId, {
        ...range,
        currency: currency ?? DEFAULT_CURRENCY,
        points: points ?? DEFAULT_HISTORY_POINTS,
      }),
    'export.csv': async ({ profileId, method, from, to, ...q }) => {
      const end = to ?? now();
      try {
        return await exports.exportCsv(profileId, {
          ...q,
          from: from ?? end - DEFAULT_RANGE_MS,
          to: end,
          method: method ?? 'average',
        });
      } catch (e) {
        if (e instanceof ExportUnavailableError) throw new BridgeError('unsupported', e.message);
        throw e;
      }
    },
  };
}
