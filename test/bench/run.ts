/**
 * `npm run bench`: runs every test/bench/*.bench.ts in turn. Each prints its own figures against its goals;
 * nothing here asserts, because timings belong in benchmarks, not in tests.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const only = process.argv[2];
const files = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
  .sort();
for (const file of files) {
  console.log(`\n### ${file}`);
  const module = (await import(pathToFileURL(join(import.meta.dirname, file)).href)) as {
    default: () => Promise<void>;
  };
  await module.default();
}
