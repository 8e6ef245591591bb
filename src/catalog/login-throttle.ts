import { AppError } from '../core/errors.ts';

interface Failures {
  count: number;
  first: number;
  last: number;
}

const WINDOW_MS = 15 * 60_000;

/**
 * Slows password guessing without letting anyone lock an account out. Failures count per account and address
 * (that pair waits longer after each failure, up to 5 minutes), per address (more than 100 in 15 minutes: that
 * address waits), and per account across addresses (a distributed guess: every try waits a few seconds at
 * most, so the national data office can always sign in). Kept per process; each node throttles on its own.
 */
export class LoginThrottle {
  private readonly pairs = new Map<string, Failures>();
  private readonly addresses = new Map<string, Failures>();
  private readonly accounts = new Map<string, Failures>();

  /** Throws 429 with the seconds to wait when this attempt comes too soon. */
  check(account: string, address: string, now: number): void {
    const waits = [
      this.wait(this.pairs.get(`${account}|${address}`), now, (n) => (n < 3 ? 0 : Math.min(2 ** (n - 3), 300))),
      this.wait(this.addresses.get(address), now, (n) => (n < 100 ? 0 : WINDOW_MS / 1000)),
      this.wait(this.accounts.get(account), now, (n) => (n < 20 ? 0 : Math.min(n - 19, 5))),
    ];
    const seconds = Math.ceil(Math.max(...waits));
    if (seconds > 0) {
      throw Object.assign(new AppError('rate_limited', {
        es: `Demasiados intentos fallidos. Espere ${seconds} s e intente de nuevo.`,
        en: `Too many failed attempts. Wait ${seconds} s and try again.`,
      }), { retryAfter: seconds });
    }
  }

  fail(account: string, address: string, now: number): void {
    for (const [map, key] of [[this.pairs, `${account}|${address}`], [this.addresses, address], [this.accounts, account]] as const) {
      const current = map.get(key);
      map.set(key, current && now - current.first < WINDOW_MS ? { ...current, count: current.count + 1, last: now } : { count: 1, first: now, last: now });
    }
    if (this.pairs.size > 100_000) this.forgetOld(now);
  }

  succeed(account: string, address: string): void {
    this.pairs.delete(`${account}|${address}`);
  }

  private wait(failures: Failures | undefined, now: number, seconds: (count: number) => number): number {
    if (!failures || now - failures.first >= WINDOW_MS) return 0;
    return Math.max(0, seconds(failures.count) - (now - failures.last) / 1000);
  }

  private forgetOld(now: number): void {
    for (const map of [this.pairs, this.addresses, this.accounts]) for (const [key, value] of map) if (now - value.first >= WINDOW_MS) map.delete(key);
  }
}
