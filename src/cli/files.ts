import { statSync } from 'node:fs';
import { invalid } from '../core/errors.ts';

/** Refuses, in both languages, a file the command cannot read. */
export function assertReadable(file: string): void {
  try {
    statSync(file);
  } catch {
    throw invalid({ es: `No se puede leer el archivo «${file}».`, en: `Cannot read file "${file}".` });
  }
}
