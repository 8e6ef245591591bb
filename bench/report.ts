import { readFileSync, writeFileSync } from 'node:fs';

export { random } from '../src/core/random.ts';
/** Prints one figure as the JSON line every benchmark ends with. */
export function figure(bench: string, metric: string, value: number, unit: string): void {
  process.stdout.write(`${JSON.stringify({ bench, metric, value: Math.abs(value) < 10 ? Math.round(value * 1000) / 1000 : Math.round(value * 10) / 10, unit })}\n`);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}


/** Forgets the peak so far (creating a PGlite database alone peaks near 1 GB); Linux only. */
export function resetPeakRss(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    note('Could not reset the peak RSS: it includes everything measured before.');
  }
}

/** The process's peak resident memory (VmHWM), which includes DuckDB's native allocations. */
export function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : process.memoryUsage().rss / 1048576;
}
