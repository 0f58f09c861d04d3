/**
 * CSV exports for any range: fetch the rows through the profile's client (history windows are the client's job),
 * write them with the export's columns, then deliver: to a file the trader picks in a save dialog (Electron: the
 * main process writes it, the renderer never names a path) or back to the page as text for a download (browser
 * mode).
 */
import type { ExportKind, ExportResult, PnlMethod } from '../../preload/domain';
import type { AlpClient } from '../api/types';
import type { PnlService } from '../pnl/pnl-service';
import {
  MARGIN_BORROW_COLUMNS,
  MARGIN_INTEREST_COLUMNS,
  MARGIN_LIQUIDATION_COLUMNS,
  MARGIN_REPAY_COLUMNS,
  MARGIN_TRANSFER_COLUMNS,
  ORDER_COLUMNS,
  PNL_COLUMNS,
  TRADE_COLUMNS,
  WALLET_COLUMNS,
} from './columns';
import { type Column, toCsv } from './csv';

/** Asks where to save `contents` (suggesting `name`), writes it there, and says where; null when cancelled. */
export type FileSaver = (name: string, contents: string) => Promise<string | null>;

export interface ExportQuery {
  kind: ExportKind;
  from: number;
  to: number;
  pair?: string;
  currency?: string;
  method: PnlMethod;
  destination: 'file' | 'download';
}

export interface ExportDeps {
  clientFor: (profileId: string) => AlpClient;
  pnl: PnlService;
  /** Present in Electron only. */
  saveFile?: FileSaver;
}

interface Table {
  csv: string;
  rows: number;
}

const table = <T>(columns: readonly Column<T>[], rows: readonly T[]): Table => ({
  csv: toCsv(columns, rows),
  rows: rows.length,
});

export class ExportUnavailableError extends Error {}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function exportFileName(q: Pick<ExportQuery, 'kind' | 'from' | 'to' | 'pair'>): string {
  return `alp-${q.kind}${q.pair ? `-${q.pair}` : ''}-${day(q.from)}_${day(q.to)}.csv`;
}

export function createExportService(deps: ExportDeps) {
  async function build(profileId: string, q: ExportQuery): Promise<Table> {
    const client = deps.clientFor(profileId);
    const range = { from: q.from, to: q.to };
    const pair = q.pair ? { pair: q.pair } : {};
    const scope = { ...range, ...pair, ...(q.currency ? { currency: q.currency } : {}) };
    switch (q.kind) {
      case 'orders':
        return table(ORDER_COLUMNS, await client.ordersV3({ ...range, ...pair }));
      case 'trades':
        return table(TRADE_COLUMNS, await client.accountTrades({ ...range, ...pair }));
      case 'wallet':
        return table(
          WALLET_COLUMNS,
          await client.walletActivity({ ...range, ...(q.currency ? { currency: q.currency } : {}) }),
        );
      case 'pnl': {
        const rows = await deps.pnl.ledger(profileId, { ...range, ...pair, method: q.method });
        return table(
          PNL_COLUMNS,
          rows.map((r) => ({ ...r, method: q.method })),
        );
      }
      case 'margin-borrows':
        return table(MARGIN_BORROW_COLUMNS, await client.marginBorrows(scope));
      case 'margin-repays':
        return table(MARGIN_REPAY_COLUMNS, await client.marginRepays(scope));
      case 'margin-transfers':
        return table(MARGIN_TRANSFER_COLUMNS, await client.marginTransfers(scope));
      case 'margin-interest':
        return table(MARGIN_INTEREST_COLUMNS, await client.marginInterest(scope));
      case 'margin-liquidations':
        return table(MARGIN_LIQUIDATION_COLUMNS, await client.marginLiquidations(scope));
    }
  }

  return {
    async exportCsv(profileId: string, q: ExportQuery): Promise<ExportResult> {
      if (q.destination === 'file' && !deps.saveFile)
        throw new ExportUnavailableError('Saving to a file needs the desktop app; in the browser, choose Download.');
      const t = await build(profileId, q);
      const filename = exportFileName(q);
      if (q.destination === 'download')
        return { kind: q.kind, filename, rows: t.rows, csv: t.csv, path: null, cancelled: false };
      const path = await (deps.saveFile as FileSaver)(filename, t.csv);
      return { kind: q.kind, filename, rows: t.rows, csv: null, path, cancelled: path === null };
    },
  };
}
