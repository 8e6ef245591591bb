import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, invalid } from '../core/errors.ts';
import { newId } from '../core/ids.ts';

export interface StoredBlob {
  key: string;
  size: number;
  sha256: string;
}

/** Where files live: the filesystem by default, object storage later, same interface. */
export interface BlobStore {
  /** Streams `source` in; the blob appears only once complete (never half-written). */
  put(key: string, source: Readable | Buffer, options?: { maxBytes?: number }): Promise<StoredBlob>;
  /** Moves a finished local file in (streamed hash; a rename when on the same disk). */
  putFile(key: string, file: string): Promise<StoredBlob>;
  read(key: string, range?: { start: number; end: number }): Readable;
  /** Where DuckDB reads the blob from: a local path (object storage would give its s3:// URL). */
  location(key: string): string;
  size(key: string): Promise<number | undefined>;
  delete(key: string): Promise<void>;
  /** Bytes still free where blobs are written, if the store can tell. */
  freeBytes(): Promise<number | undefined>;
}

const KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/i;

export function assertKey(key: string): void {
  if (!KEY.test(key) || key.includes('..')) throw new Error(`Invalid blob key: ${key}`);
}

export class FileBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  private file(key: string): string {
    assertKey(key);
    return path.join(this.root, key);
  }

  async put(key: string, source: Readable | Buffer, options: { maxBytes?: number } = {}): Promise<StoredBlob> {
    const target = this.file(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = path.join(this.root, '.tmp', newId());
    await mkdir(path.dirname(temp), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) {
          done(new AppError('payload_too_large', {
            es: `El archivo supera el tamaño máximo permitido (${Math.round(maxBytes / 1048576)} MB).`,
            en: `The file exceeds the maximum allowed size (${Math.round(maxBytes / 1048576)} MB).`,
          }));
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      const input = Buffer.isBuffer(source) ? Readable.from([source]) : source;
      await pipeline(input, meter, createWriteStream(temp, { flags: 'wx' }));
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') throw diskFull();
      throw error;
    }
    return { key, size, sha256: hash.digest('hex') };
  }

  async putFile(key: string, file: string): Promise<StoredBlob> {
    const target = this.file(key);
    await mkdir(path.dirname(target), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    try {
      await rename(file, target);
    } catch {
      // Another filesystem: copy through a temporary name so the blob still appears whole.
      const copied = await this.put(key, createReadStream(file));
      await rm(file, { force: true });
      return copied;
    }
    return { key, size, sha256: hash.digest('hex') };
  }

  read(key: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.file(key), range ?? {});
  }

  location(key: string): string {
    return this.file(key);
  }

  async size(key: string): Promise<number | undefined> {
    try {
      return (await stat(this.file(key))).size;
    } catch {
      return undefined;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }

  async freeBytes(): Promise<number | undefined> {
    try {
      await mkdir(this.root, { recursive: true });
      const fs = await statfs(this.root);
      return fs.bavail * fs.bsize;
    } catch {
      return undefined;
    }
  }
}

export const diskFull = () => new AppError('payload_too_large', {
  es: 'No hay espacio libre en el disco del servidor para este archivo. No se guardó nada; avise al administrador.',
  en: "There is no free space on the server's disk for this file. Nothing was stored; tell the administrator.",
});

/** BLOB_URL: a directory path or file:// URL. Object storage (s3://) is not built yet. */
export function openBlobStore(blobUrl: string): BlobStore {
  if (blobUrl.startsWith('file://')) return new FileBlobStore(fileURLToPath(blobUrl));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(blobUrl)) {
    throw invalid({
      es: `BLOB_URL «${blobUrl}» no es compatible todavía: use un directorio o una URL file://.`,
      en: `BLOB_URL "${blobUrl}" is not supported yet: use a directory or a file:// URL.`,
    });
  }
  return new FileBlobStore(path.resolve(blobUrl));
}
