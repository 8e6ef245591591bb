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
