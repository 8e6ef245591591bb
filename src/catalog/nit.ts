import type { Bilingual } from '../core/errors.ts';

// DIAN's weights for the verification digit, applied from the rightmost digit leftwards.
const WEIGHTS = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];

export function nitCheckDigit(nit: string): number {
  const digits = nit.split('').reverse();
  let sum = 0;
  digits.forEach((d, i) => {
    sum += Number(d) * WEIGHTS[i]!;
  });
  const remainder = sum % 11;
  return remainder > 1 ? 11 - remainder : remainder;
}

export interface ParsedNit {
  nit: string;
  checkDigit: number;
}

/**
 * Accepts "899999027-8", "899.999.027-8", "899999027" (digit computed) — the forms people type.
 * Returns the problem in both languages when the number or its verification digit is wrong.
 */
export function parseNit(input: string): ParsedNit | { error: Bilingual } {
  const text = input.trim().replace(/\s+/g, '');
  const match = /^(\d{1,3}(?:[.,]?\d{3})*)(?:-(\d))?$/.exec(text);
  if (!match) {
    return {
      error: {
        es: `«${input}» no es un NIT: escriba solo dígitos, con el dígito de verificación después de un guion (ej. 899999027-8).`,
        en: `"${input}" is not a NIT: write digits only, with the verification digit after a hyphen (e.g. 899999027-8).`,
      },
    };
  }
  const nit = match[1]!.replace(/[.,]/g, '');
  if (nit.length < 6 || nit.length > 15) {
    return { error: { es: `El NIT «${input}» debe tener entre 6 y 15 dígitos.`, en: `The NIT "${input}" must have 6 to 15 digits.` } };
  }
  const expected = nitCheckDigit(nit);
  if (match[2] !== undefined && Number(match[2]) !== expected) {
    return {
      error: {
        es: `El dígito de verificación del NIT ${nit} es ${expected}, no ${match[2]}.`,
        en: `The verification digit of NIT ${nit} is ${expected}, not ${match[2]}.`,
      },
    };
  }
  return { nit, checkDigit: expected };
}

export function formatNit(nit: string, checkDigit: number): string {
  return `${nit}-${checkDigit}`;
}
