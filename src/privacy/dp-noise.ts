import { randomInt } from 'node:crypto';
import { invalid } from '../core/errors.ts';

/**
 * Exact discrete Laplace noise (Canonne, Kamath and Steinke, 2020): integers only, every probability a ratio
 * of integers, every coin from the operating system's cryptographic generator. No floating-point number is
 * ever sampled, so the noise has none of the holes that let attackers undo Laplace noise on doubles
 * (Mironov, 2012).
 */

/** A non-negative rational number n/d with integer parts. */
export interface Rational {
  n: bigint;
  d: bigint;
}

/** Uniform integer in [0, bound), exact, from the cryptographic generator (rejection sampling inside). */
function uniform(bound: bigint): bigint {
  if (bound <= 0n) throw new Error('empty range');
  if (bound <= 281474976710655n) return BigInt(randomInt(Number(bound)));
  // Larger ranges: 48-bit limbs with rejection.
  const bits = bound.toString(2).length;
  for (;;) {
    let value = 0n;
    for (let got = 0; got < bits; got += 48) value = (value << 48n) | BigInt(randomInt(2 ** 48));
    value &= (1n << BigInt(bits)) - 1n;
    if (value < bound) return value;
  }
}

/** True with probability n/d. */
const bernoulli = (p: Rational) => uniform(p.d) < p.n;

/** True with probability exp(−γ), for a rational γ ≥ 0. */
function bernoulliExp(gamma: Rational): boolean {
  let whole = gamma.n / gamma.d;
  while (whole > 0n) {
    if (!bernoulliExpAtMostOne({ n: 1n, d: 1n })) return false;
    whole--;
  }
  return bernoulliExpAtMostOne({ n: gamma.n % gamma.d, d: gamma.d });
}

/** True with probability exp(−γ) for γ in [0, 1]: the parity of the first failure in a chain of γ/k coins. */
function bernoulliExpAtMostOne(gamma: Rational): boolean {
  let k = 1n;
  while (bernoulli({ n: gamma.n, d: gamma.d * k })) k++;
  return k % 2n === 1n;
}

/** A sample of the discrete Laplace distribution with scale b = n/d: P(x) ∝ exp(−|x|/b). */
export function discreteLaplace(scale: Rational): bigint {
  // X = U + t·V is geometric with P(x) ∝ exp(−x/t); ⌊X/s⌋ then has P(y) ∝ exp(−y·s/t), scale t/s.
  const t = scale.n;
  const s = scale.d;
  if (s <= 0n || t <= 0n) throw new Error('scale must be positive');
  for (;;) {
    const u = uniform(t);
    if (!bernoulliExp({ n: u, d: t })) continue;
    let v = 0n;
    while (bernoulliExp({ n: 1n, d: 1n })) v++;
    const x = u + t * v;
    const y = x / s;
    const negative = bernoulli({ n: 1n, d: 2n });
    if (negative && y === 0n) continue;
    return negative ? -y : y;
  }
}

/** Reads ε written as a decimal ("0.5", "1", "0.05") into an exact rational. */
export function parseEpsilon(text: string): Rational {
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(String(text).trim());
  if (!m) throw invalid({ es: `ε debe ser un número decimal positivo (hasta 6 decimales); se recibió «${text}».`, en: `ε must be a positive decimal number (up to 6 decimals); got "${text}".` }, [{ field: 'epsilon', message: { es: 'ε inválido.', en: 'Invalid ε.' } }]);
  const decimals = m[2] ?? '';
  const n = BigInt(m[1]! + decimals);
  const d = 10n ** BigInt(decimals.length);
  if (n === 0n) throw invalid({ es: 'ε debe ser mayor que 0.', en: 'ε must be greater than 0.' }, [{ field: 'epsilon', message: { es: 'ε > 0.', en: 'ε > 0.' } }]);
  return { n, d };
}

/** Noise for a query of sensitivity Δ (an integer) under ε: discrete Laplace with scale Δ/ε. */
export function noiseFor(sensitivity: bigint, epsilon: Rational): bigint {
  return discreteLaplace({ n: sensitivity * epsilon.d, d: epsilon.n });
}

export const toNumber = (r: Rational) => Number(r.n) / Number(r.d);
