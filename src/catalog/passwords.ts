import { dictionary } from '@zxcvbn-ts/language-common';
import type { Bilingual } from '../core/errors.ts';
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const derive = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );

// OWASP's minimum for scrypt: N=2^17, r=8, p=1 (128 MiB). The parameters travel with each hash.
let defaultCost = { logN: 17, r: 8, p: 1 };

/** Lets test suites create many accounts quickly; verification reads the cost stored in each hash. */
export function setPasswordCost(logN: number): void {
  defaultCost = { ...defaultCost, logN };
}

export async function hashPassword(password: string, cost = defaultCost): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** cost.logN;
  const key = await derive(password, salt, 32, { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r });
  return `scrypt$${cost.logN}$${cost.r}$${cost.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const N = 2 ** Number(logN);
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), expected.length, {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: 256 * N * Number(r),
  });
  return timingSafeEqual(actual, expected);
}

export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 1024;

/** The 49,000 passwords most seen in breaches (zxcvbn-ts), with Spanish and Colombian ones they miss. */
let common: Set<string> | undefined;
const SPANISH_COMMON = ['contraseña', 'contrasena', 'clave', 'bogota', 'medellin', 'barranquilla', 'cartagena', 'colombia', 'colombiano', 'millonarios', 'nacional', 'america', 'teamo', 'tequiero', 'mariposa', 'gobierno', 'alcaldia', 'ministerio', 'datosabiertos', 'infradatos', 'administrador', 'usuario'];

function commonPasswords(): Set<string> {
  common ??= new Set([...(dictionary['passwords-common'] as string[]), ...SPANISH_COMMON]);
  return common;
}

/**
 * Why a new password is refused, or undefined: too short or too long, one of the passwords most seen in
 * breaches (also with a year or digits added: "colombia2024"), or little more than the person's own email.
 */
export function passwordProblem(password: string, email?: string): Bilingual | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return { es: `La contraseña debe tener al menos ${MIN_PASSWORD_LENGTH} caracteres.`, en: `The password must have at least ${MIN_PASSWORD_LENGTH} characters.` };
  if (password.length > MAX_PASSWORD_LENGTH) return { es: `La contraseña tiene más de ${MAX_PASSWORD_LENGTH} caracteres.`, en: `The password is longer than ${MAX_PASSWORD_LENGTH} characters.` };
  const folded = password.normalize('NFKC').toLowerCase();
  const stems = new Set([folded, folded.replace(/[\d\W_]+$/u, ''), folded.replace(/^[\d\W_]+/u, ''), folded.replace(/[\d\W_]+/gu, '')]);
  const list = commonPasswords();
  const user = email?.toLowerCase().split('@')[0];
  if ([...stems].some((s) => s.length >= 4 && list.has(s)) || new Set(folded).size <= 2 || (user && user.length >= 4 && folded.replace(user, '').length < 6)) {
    return { es: 'Esa contraseña es de las más usadas o se adivina fácilmente; elija otra (por ejemplo, tres o cuatro palabras que solo usted relacione).', en: 'That password is among the most used or is easy to guess; choose another (for example three or four words only you would put together).' };
  }
  return undefined;
}
