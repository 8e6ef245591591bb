import { parentPort } from 'node:worker_threads';
import { Writer } from 'n3';
import type { Fetcher } from './metadata.ts';
import { toJson, toRdf } from './output.ts';
import { processTabular } from './process.ts';
import type { ConversionRequest, ConversionReply } from './isolated.ts';

/** Converts one CSV with its CSVW metadata, in a thread of its own (csvw/isolated.ts), and answers once. */
const port = parentPort!;

port.once('message', async (request: ConversionRequest) => {
  try {
    const fetcher: Fetcher = async (url) => {
      if (url === request.metadataUrl) return { status: 200, body: request.metadata, link: null, contentType: 'application/csvm+json' };
      if (url === request.csvUrl) return { status: 200, body: request.csv, link: null, contentType: 'text/csv' };
      return { status: 404, body: '', link: null, contentType: null };
    };
    const group = await processTabular(request.metadataUrl, { fetcher });
    if (request.target === 'json') {
      port.postMessage({ ok: true, json: toJson(group, request.minimal) } satisfies ConversionReply);
      return;
    }
    const writer = new Writer({ format: 'N-Quads' });
    writer.addQuads(toRdf(group, request.minimal));
    writer.end((error, nquads) => port.postMessage(error ? { ok: false, message: String(error) } : { ok: true, nquads } satisfies ConversionReply));
  } catch (error) {
    port.postMessage({ ok: false, message: (error as Error).message } satisfies ConversionReply);
  }
});
