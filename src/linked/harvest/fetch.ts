import { refusedAddress } from '../../core/network.ts';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  privateHostsAllowed: string[];
}

export const HARVEST_USER_AGENT = 'infradatos-harvester/1';

export class FetchError extends Error {}

/**
 * GETs a catalog document: http(s) only, private networks refused (checked again on each redirect),
 * a time limit, and a size limit read as the body streams in.
 */
export async function fetchDocument(address: string, accept: string, limits: FetchLimits): Promise<{ url: string; contentType: string; body: string }> {
  let url = new URL(address);
  for (let hop = 0; hop < 6; hop++) {
    const refused = await refusedAddress(url, limits.privateHostsAllowed);
    if (refused) throw new FetchError(`${url.href}: ${refused}`);
    const response = await fetch(url, { redirect: 'manual', headers: { accept, 'user-agent': HARVEST_USER_AGENT }, signal: AbortSignal.timeout(limits.timeoutMs) }).catch((error: Error) => {
      throw new FetchError(`${url.href}: ${error.name === 'TimeoutError' ? `no answer in ${limits.timeoutMs / 1000} s` : error.message}`);
    });
    if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
      url = new URL(response.headers.get('location')!, url);
      continue;
    }
    if (!response.ok) throw new FetchError(`${url.href}: HTTP ${response.status}`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body ?? []) {
      size += chunk.length;
      if (size > limits.maxBytes) throw new FetchError(`${url.href}: larger than ${Math.round(limits.maxBytes / 1048576)} MB`);
      chunks.push(Buffer.from(chunk));
    }
    return { url: url.href, contentType: (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase(), body: Buffer.concat(chunks).toString('utf8') };
  }
  throw new FetchError(`${address}: too many redirects`);
}
