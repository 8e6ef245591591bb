// npm run bench -- NAME: runs one benchmark (or all without a name).
import { note } from './report.ts';

const BENCHES: Record<string, () => Promise<void>> = {
  search: async () => (await import('./search.ts')).run(),
  ledger: async () => (await import('./ledger.ts')).run(),
  ingest: async () => (await import('./publish.ts')).runIngest(),
  soql: async () => (await import('./publish.ts')).runSoql(),
  quality: async () => (await import('./quality.ts')).run(),
  anonymize: async () => (await import('./anonymize.ts')).run(),
  exchange: async () => (await import('./exchange.ts')).run(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : Object.keys(BENCHES);
for (const name of names) {
  const bench = BENCHES[name];
  if (!bench) {
    note(`Unknown benchmark "${name}". Available: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  await bench();
}
