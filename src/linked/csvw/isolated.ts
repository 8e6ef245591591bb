import { Worker } from 'node:worker_threads';
import { Parser, type Quad } from 'n3';
import { AppError } from '../../core/errors.ts';

export interface ConversionRequest {
  metadataUrl: string;
  csvUrl: string;
  metadata: string;
  csv: string;
  target: 'json' | 'rdf';
  minimal: boolean;
}

export type ConversionReply = { ok: true; json: unknown } | { ok: true; nquads: string } | { ok: false; message: string };

const TSX_API = import.meta.resolve('tsx/esm/api');
const ENTRY = new URL('./convert-worker.ts', import.meta.url).href;
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(ENTRY)}); });`;

/**
 * Runs a CSV on the Web conversion in a thread of its own with a memory ceiling and a time limit, so that a
 * conversion that grows too large or runs too long ends its thread, never the web process.
 */
export function convertIsolated(request: ConversionRequest, limits = { timeoutMs: 60_000, memoryMb: 1024 }): Promise<unknown> {
  const worker = new Worker(BOOTSTRAP, { eval: true, resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb } });
  return new Promise((resolve, reject) => {
    const stop = (error: AppError) => {
      clearTimeout(timer);
      void worker.terminate();
      reject(error);
    };
    const timer = setTimeout(() => stop(new AppError('unavailable', { es: `La conversión superó el tiempo máximo (${limits.timeoutMs / 1000} s).`, en: `The conversion exceeded the time limit (${limits.timeoutMs / 1000} s).` })), limits.timeoutMs);
    worker.once('message', (reply: ConversionReply) => {
      clearTimeout(timer);
      void worker.terminate();
      if (!reply.ok) return reject(new AppError('validation', { es: `La conversión CSVW falló: ${reply.message}`, en: `The CSVW conversion failed: ${reply.message}` }));
      resolve('json' in reply ? reply.json : new Parser({ format: 'N-Quads' }).parse(reply.nquads) as Quad[]);
    });
    worker.once('error', () => stop(new AppError('unavailable', { es: 'La conversión necesitó más memoria de la disponible y se detuvo.', en: 'The conversion needed more memory than is available and was stopped.' })));
    worker.postMessage(request);
  });
}
