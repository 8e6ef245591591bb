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

