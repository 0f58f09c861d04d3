/**
 * CSV export: every export kind round-trips (export, parse, compare each cell exactly with what the rows say),
 * quoting and the formula guard, the save dialog path through the Electron stand-in, and the bridge's refusals.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportKind } from '../../preload/domain';
import type { ProfileManager } from '../../main/accounts/types';
import { createDispatch } from '../../main/bridge/dispatch';
import { createHandlers } from '../../main/bridge/handlers';
import { createElectronFileSaver } from '../../main/export/electron-saver';
import { type Cell, formatCell, isoUtc, toCsv } from '../../main/export/csv';
import { createExportService } from '../../main/export/export-service';
import { createPnlService } from '../../main/pnl/pnl-service';
import { createSettingsStore } from '../../main/settings/settings-store';
import { createFakeElectron } from '../electron/fake-electron';
import { parseCsv } from './parse-csv';
import { exampleData, fakeClient } from './sample-data';

/** What a cell must read back as: the exact decimal, the ISO time, the text (with the guard's quote). */
function expected(kind: string, v: Cell): string {
  if (v === null || v === '') return '';
  if (kind === 'time') return new Date(v as number).toISOString();
  if (kind === 'bool') return v ? 'true' : 'false';
  if (kind === 'text' && /^[=+\-@\t\r]/.test(String(v))) return `'${v}`;
  return String(v);
}

describe('CSV writer', () => {
  it('quotes commas, quotes, line breaks and edge spaces; guards formulas in text, not in numbers', () => {
    const csv = toCsv(
      [
        { name: 'note', kind: 'text', get: (r: { note: string; pnl: string }) => r.note },
        { name: 'pnl', kind: 'dec', get: (r: { note: string; pnl: string }) => r.pnl },
      ],
      [
        { note: 'a, "b"\nc', pnl: '-5.25' },
        { note: '=HYPERLINK("http://x")', pnl: '0.00000001' },
        { note: ' padded', pnl: '12' },
        { note: '-2+3', pnl: '-0.1' },
        { note: '@SUM(A1)', pnl: '1' },
        { note: 'Ünïcödé €', pnl: '2' },
      ],
    );
    expect(csv).toBe(
      'note,pnl\r\n"a, ""b""\nc",-5.25\r\n"\'=HYPERLINK(""http://x"")",0.00000001\r\n" padded",12\r\n' +
        "'-2+3,-0.1\r\n'@SUM(A1),1\r\nÜnïcödé €,2\r\n",
    );
  });

  it('refuses a number cell that is not a decimal literal (no float, no exponent)', () => {
    expect(() => formatCell('dec', '1e-7', 'fee')).toThrow('fee: "1e-7" is not a decimal number');
    expect(() => formatCell('dec', '=1+1', 'price')).toThrow(/price/);
    expect(formatCell('time', 0, 'time')).toBe('1970-01-01T00:00:00.000Z');
    expect(isoUtc(Date.UTC(2026, 0, 2, 3, 4, 5, 6))).toBe('2026-01-02T03:04:05.006Z');
  });

  it('property: any text survives the round trip (guarded cells gain exactly one leading quote)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ unit: 'binary' }), fc.string()), { maxLength: 20 }), (rows) => {
        const csv = toCsv(
          [
            { name: 'a', kind: 'text', get: (r: [string, string]) => r[0] },
            { name: 'b', kind: 'text', get: (r: [string, string]) => r[1] },
          ],
          rows,
        );
        const parsed = parseCsv(csv);
        expect(parsed[0]).toEqual(['a', 'b']);
        expect(parsed.slice(1)).toEqual(rows.map((r) => r.map((v) => expected('text', v))));
      }),
      { numRuns: 300 },
    );
  });
});

describe('every export round-trips exactly', () => {
  const data = exampleData();
  const client = fakeClient(data);
  const pnl = createPnlService({ clientFor: () => client, now: () => data.now });
  const service = createExportService({ clientFor: () => client, pnl });
  const kinds: ExportKind[] = [
    'orders',
    'trades',
    'wallet',
    'pnl',
    'margin-borrows',
    'margin-repays',
    'margin-transfers',
    'margin-interest',
    'margin-liquidations',
  ];

  for (const kind of kinds) {
    it(kind, async () => {
      const r = await service.exportCsv('p1', {
        kind,
        from: 0,
        to: data.now,
        method: 'average',
        destination: 'download',
      });
      expect(r.filename).toBe(`alp-${kind}-1970-01-01_2026-12-01.csv`);
      const { columns, rows } = data.expect(kind);
      expect(r.rows).toBe(rows.length);
      const parsed = parseCsv(r.csv as string);
      expect(parsed[0]).toEqual(columns.map((c) => c.name));
      expect(parsed.slice(1)).toEqual(rows.map((row) => columns.map((c) => expected(c.kind, c.get(row)))));
    });
  }

  it('own trades: the documented columns, and the values written out by hand', async () => {
    const r = await service.exportCsv('p1', {
      kind: 'trades',
      from: 0,
      to: data.now,
      method: 'average',
      destination: 'download',
    });
    const lines = (r.csv as string).split('\r\n');
    expect(lines[0]).toBe(
      'time,id,order_id,pair,side,price,amount,quote_amount,fee,fee_currency,fee_rate,maker,wallet_type,account_id',
    );
    expect(lines[1]).toBe('2026-11-20T12:00:00.123Z,100,500,BTC_USD,buy,100,1.002,100.2,0.002,BTC,0.002,true,SPOT,7');
    expect(lines[3]).toBe('2026-11-20T12:02:00.123Z,102,502,BTC_USD,sell,250,1,250,0.5,USD,0.002,true,SPOT,7');
  });

  it('the P&L history is the per-trade ledger of the worked example', async () => {
    const r = await service.exportCsv('p1', {
      kind: 'pnl',
      from: 0,
      to: data.now,
      method: 'fifo',
      destination: 'download',
    });
    const parsed = parseCsv(r.csv as string);
    const col = (name: string) => parsed.slice(1).map((row) => row[(parsed[0] as string[]).indexOf(name)]);
    expect(col('realised')).toEqual(['0.00000000', '0.00000000', '149.30000000']);
    expect(col('cumulative_realised')).toEqual(['0.00000000', '0.00000000', '149.30000000']);
    expect(col('method')).toEqual(['fifo', 'fifo', 'fifo']);
  });
});

describe('delivery', () => {
  let dir: string | null = null;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = null;
  });

  it('Electron: the save dialog picks the path and main writes the file there', async () => {
    dir = await mkdtemp(join(tmpdir(), 'alp-export-'));
    const fake = createFakeElectron({ userData: dir });
    const target = join(dir, 'picked', 'my-trades.csv');
    fake.state.saveDialogAnswer = { canceled: false, filePath: target };
    const data = exampleData();
    const client = fakeClient(data);
    const saveFile = createElectronFileSaver(
      fake.dialog,
      () => null,
      () => '/home/trader/Downloads',
    );
    const service = createExportService({
      clientFor: () => client,
      pnl: createPnlService({ clientFor: () => client }),
      saveFile,
    });
    const r = await service.exportCsv('p1', {
      kind: 'trades',
      from: 0,
      to: data.now,
      method: 'average',
      destination: 'file',
    });
    expect(r).toMatchObject({ path: target, csv: null, cancelled: false, rows: data.trades.length });
    expect(fake.state.saveDialogCalls[0]).toMatchObject({
      defaultPath: '/home/trader/Downloads/alp-trades-1970-01-01_2026-12-01.csv',
      filters: [{ name: 'CSV (UTF-8)', extensions: ['csv'] }],
    });
    const written = await readFile(target, 'utf8');
    expect(parseCsv(written).length).toBe(data.trades.length + 1);

    fake.state.saveDialogAnswer = { canceled: true, filePath: '' };
    const cancelled = await service.exportCsv('p1', {
      kind: 'trades',
      from: 0,
      to: data.now,
      method: 'average',
      destination: 'file',
    });
    expect(cancelled).toMatchObject({ path: null, cancelled: true });
  });

  it('bridge: a file export without a desktop dialog is refused in plain words; bad requests run nothing', async () => {
    const calls: string[] = [];
    const data = exampleData();
    const client = fakeClient(data, calls);
    const profiles = { client: () => client } as unknown as ProfileManager;
    const settings = await createSettingsStore(await mkdtemp(join(tmpdir(), 'alp-export-h-')));
    const info = { name: 'ALP Terminal', version: '0', mode: 'web' as const, platform: 'test', venues: [] };
    const dispatch = createDispatch(createHandlers({ info, profiles, settings }));
    expect(await dispatch('export.csv', { profileId: 'p1', kind: 'trades', destination: 'file' })).toEqual({
      ok: false,
      error: {
        code: 'unsupported',
        message: 'Saving to a file needs the desktop app; in the browser, choose Download.',
      },
    });
    const bad = await dispatch('export.csv', { profileId: 'p1', kind: 'taxes', destination: 'download' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation', field: 'kind' } });
    const backwards = await dispatch('export.csv', {
      profileId: 'p1',
      kind: 'trades',
      from: 10,
      to: 5,
      destination: 'download',
    });
    expect(backwards).toMatchObject({ ok: false, error: { code: 'validation', field: 'to' } });
    expect(calls).toEqual([]);
    const ok = await dispatch('export.csv', { profileId: 'p1', kind: 'trades', from: 0, destination: 'download' });
    expect(ok).toMatchObject({ ok: true, value: { rows: data.trades.length } });
    expect(calls).toEqual(['accountTrades']);
  });
});

describe('exactProduct', () => {
  it('equals decimal.js on random literals', async () => {
    const { exactProduct } = await import('../../main/export/exact-product');
    const { P } = await import('../../main/pnl/decimal');
    const lit = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }))
      .map(([neg, n, places]) => {
        const s = n.toString().padStart(places + 1, '0');
        const body = places > 0 ? `${s.slice(0, s.length - places)}.${s.slice(s.length - places)}` : s;
        return neg ? `-${body}` : body;
      });
    fc.assert(
      fc.property(lit, lit, (a, b) => {
        expect(exactProduct(a, b)).toBe(new P(a).mul(b).toFixed());
      }),
      { numRuns: 1000 },
    );
  });
});
