import { refusedAddress } from '../core/network.ts';

export interface LinkResult {
  url: string;
  /** Reachable: the server answered 2xx or 3xx (as data.europa.eu's MQA counts it). */
  ok: boolean;
  status: number | null;
  /** Why it is not reachable, in words (timeout, refused, not allowed…). */
  error: string | null;
  attempts: number;
  ms: number;
  checked_at: string;
}

export interface LinkCheckOptions {
  /** One attempt's limit. */
  timeoutMs: number;
  /** Further attempts after a timeout, a network error, 429 or 5xx. */
  retries: number;
  /** Least time between two requests to the same host. */
  perHostIntervalMs: number;
  /** Hosts on private or loopback addresses that may still be checked (the platform's own, for one). */
  privateHostsAllowed: string[];
  /** Hosts checked without the pause between requests (the platform's own). */
  unpacedHosts: string[];
  userAgent: string;
}

export const LINK_CHECK_AGENT = 'infradatos-linkcheck/';

export const DEFAULT_LINK_CHECK: LinkCheckOptions = { timeoutMs: 10_000, retries: 2, perHostIntervalMs: 1_000, privateHostsAllowed: [], unpacedHosts: [], userAgent: `${LINK_CHECK_AGENT}1` };


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Checks links the way a careful crawler does: HEAD first (GET when the server refuses HEAD), a timeout
 * per attempt, retries with growing pauses, one request at a time per host with a pause between them,
 * and only hosts named by the metadata being checked: redirects elsewhere are not followed, and hosts on
 * private networks are refused unless allowed, so metadata cannot make the platform probe its own network.
 */
export class LinkChecker {
  /** Per host, when the next request may start. */
  private readonly nextSlot = new Map<string, Promise<void>>();
  private readonly options: LinkCheckOptions;

  constructor(options: Partial<LinkCheckOptions> = {}, private readonly fetcher: typeof fetch = fetch) {
    this.options = { ...DEFAULT_LINK_CHECK, ...options };
  }

  private intervalFor(host: string): number {
    return this.options.unpacedHosts.includes(host) ? 0 : this.options.perHostIntervalMs;
  }

  /** Runs one request when it is this host's turn: one at a time per host, each after the last ended plus the interval. */
  private inTurn<T>(host: string, work: () => Promise<T>): Promise<T> {
    const previous = this.nextSlot.get(host) ?? Promise.resolve();
    const run = previous.then(work);
    const pause = () => sleep(this.intervalFor(host)).then(() => undefined);
    this.nextSlot.set(host, run.then(pause, pause));
    return run;
  }

  private allowedAddress(url: URL): Promise<string | null> {
    return refusedAddress(url, this.options.privateHostsAllowed);
  }

  /** Checks each URL once; `hosts` are the hosts the metadata names (redirects stay within them). */
  async checkAll(urls: string[], onDone?: (done: number, total: number) => void): Promise<Map<string, LinkResult>> {
    const unique = [...new Set(urls)];
    const hosts = new Set(unique.flatMap((u) => { try { return [new URL(u).host]; } catch { return []; } }));
    const results = new Map<string, LinkResult>();
    let done = 0;
    await Promise.all(unique.map(async (url) => {
      results.set(url, await this.check(url, hosts));
      onDone?.(++done, unique.length);
    }));
    return results;
  }

  async check(url: string, hosts: Set<string>): Promise<LinkResult> {
    const started = Date.now();
    const result = (ok: boolean, status: number | null, error: string | null, attempts: number): LinkResult => ({ url, ok, status, error, attempts, ms: Date.now() - started, checked_at: new Date().toISOString() });
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return result(false, null, 'not a valid URL', 0);
    }
    if (!hosts.has(target.host)) return result(false, null, 'the host is not named in the metadata', 0);
    let attempts = 0;
    let last: { status: number | null; error: string | null; refused?: boolean } = { status: null, error: null };
    for (let attempt = 0; attempt <= this.options.retries; attempt++) {
      if (attempt > 0) await sleep(this.intervalFor(target.host) * 2 ** attempt);
      attempts++;
      last = await this.request(target, hosts);
      const retry = !last.refused && (last.status === null || last.status === 429 || last.status >= 500);
      if (!retry) break;
    }
    const ok = last.status !== null && last.status < 400;
    return result(ok, last.status, ok ? null : (last.error ?? `HTTP ${last.status}`), attempts);
  }

  /** One attempt: HEAD, or GET of the first byte when HEAD is not allowed; redirects followed only within the hosts. */
  private async request(start: URL, hosts: Set<string>): Promise<{ status: number | null; error: string | null; refused?: boolean }> {
    let url = start;
    for (let hop = 0; hop < 5; hop++) {
      const refused = await this.allowedAddress(url);
      if (refused) return { status: null, error: refused, refused: true };
      let status: number | null = null;
      let location: string | null = null;
      for (const method of ['HEAD', 'GET'] as const) {
        try {
          const response = await this.inTurn(url.host, async () => {
            const answer = await this.fetcher(url, {
              method,
              redirect: 'manual',
              headers: { 'user-agent': this.options.userAgent, ...(method === 'GET' ? { range: 'bytes=0-0' } : {}) },
              signal: AbortSignal.timeout(this.options.timeoutMs),
            });
            await answer.body?.cancel();
            return answer;
          });
          status = response.status;
          location = response.headers.get('location');
        } catch (error) {
          const name = (error as Error).name;
          return { status: null, error: name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${this.options.timeoutMs} ms` : `could not connect (${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message})` };
        }
        if (method === 'HEAD' && (status === 405 || status === 501)) continue;
        break;
      }
      if (status === null || status < 300 || status >= 400 || !location) return { status, error: null };
      const next = new URL(location, url);
      // A redirect elsewhere is an answer: the link works, and we do not visit hosts the metadata does not name.
      if (!hosts.has(next.host) || (next.protocol !== 'http:' && next.protocol !== 'https:')) return { status, error: null };
      url = next;
    }
    return { status: null, error: 'too many redirects' };
  }
}
