import { type PaperAccountSeed, startPaperExchange } from './index';

/**
 * npm run paper -- --port <n> [--host 127.0.0.1] [--state <file>] [--seed <n>] [--no-sim]
 *                  [--snapshot-bytes <n>] [--compact-ms <n>]  (compaction thresholds, for tests)
 *                  [--account <key>:<secret>:<CUR>=<amount>,<CUR>=<amount>...]...
 */
function usage(msg: string): never {
  console.error(`paper: ${msg}`);
  console.error(
    'usage: paper --port <n> [--host 127.0.0.1] [--state <file>] [--seed <n>] [--no-sim] [--account <key>:<secret>:<CUR>=<amount>,...]...',
  );
  process.exit(2);
}

export function parseAccount(spec: string): PaperAccountSeed {
  const first = spec.indexOf(':');
  const second = spec.indexOf(':', first + 1);
  if (first <= 0 || second <= first + 1) usage('--account must be <key>:<secret>:<CUR>=<amount>,...');
  const balances: Record<string, string> = {};
  const rest = spec.slice(second + 1);
  for (const part of rest === '' ? [] : rest.split(',')) {
    const m = /^([A-Z0-9]+)=(\d+(\.\d+)?)$/.exec(part);
    if (m === null) usage(`bad balance "${part}" in --account`);
    balances[m[1] as string] = m[2] as string;
  }
  return { key: spec.slice(0, first), secret: spec.slice(first + 1, second), balances };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let port: number | undefined;
  let host = '127.0.0.1';
  let statePath: string | undefined;
  let seed = 1;
  let simulate = true;
  let snapshotJournalBytes: number | undefined;
  let compactCheckMs: number | undefined;
  const accounts: PaperAccountSeed[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === '--port') port = Number(value());
    else if (a === '--host') host = value();
    else if (a === '--state') statePath = value();
    else if (a === '--seed') seed = Number(value());
    else if (a === '--no-sim') simulate = false;
    else if (a === '--snapshot-bytes') snapshotJournalBytes = Number(value());
    else if (a === '--compact-ms') compactCheckMs = Number(value());
    else if (a === '--account') accounts.push(parseAccount(value()));
    else usage(`unknown argument ${a}`);
  }
  if (port === undefined || !Number.isInteger(port) || port < 0 || port > 65535)
    usage('--port <n> is required (0 = any free port)');
  if (!Number.isInteger(seed)) usage('--seed must be an integer');
  const ex = await startPaperExchange({
    port,
    host,
    seed,
    simulate,
    accounts,
    ...(snapshotJournalBytes !== undefined ? { snapshotJournalBytes } : {}),
    ...(compactCheckMs !== undefined ? { compactCheckMs } : {}),
    ...(statePath !== undefined ? { statePath } : {}),
  });
  if (ex.recovery !== null)
    console.log(`paper state was reset (${ex.recovery.reason}); old files are at ${ex.recovery.movedTo.join(', ')}`);
  console.log(`listening on ${ex.url}`);
  const stop = (): void => {
    void ex.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
