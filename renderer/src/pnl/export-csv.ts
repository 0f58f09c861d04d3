/**
 * Runs an export: in Electron main shows the save dialog and writes the file; in browser mode main returns the
 * text and the page downloads it (a Blob link, revoked right after).
 */
import type { RequestOf } from '../../../preload/contract';
import type { ExportKind, ExportResult, PnlMethod } from '../../../preload/domain';
import { call } from '../bridge';
import { appInfo } from '../state/store';

export const EXPORT_KINDS: { id: ExportKind; label: string }[] = [
  { id: 'trades', label: 'Own trades' },
  { id: 'orders', label: 'Orders' },
  { id: 'wallet', label: 'Wallet activity' },
  { id: 'pnl', label: 'P&L history' },
  { id: 'margin-borrows', label: 'Margin borrows' },
  { id: 'margin-repays', label: 'Margin repays' },
  { id: 'margin-transfers', label: 'Margin transfers' },
  { id: 'margin-interest', label: 'Margin interest' },
  { id: 'margin-liquidations', label: 'Margin liquidations' },
];

function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export async function runExport(q: {
  profileId: string;
  kind: ExportKind;
  from: number;
  to: number;
  method: PnlMethod;
}): Promise<ExportResult> {
  const destination = appInfo.peek()?.mode === 'electron' ? 'file' : 'download';
  const request: RequestOf<'export.csv'> = { ...q, destination };
  const r = await call('export.csv', request);
  if (r.csv !== null) download(r.filename, r.csv);
  return r;
}
