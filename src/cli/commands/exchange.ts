import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { invalid, type Bilingual } from '../../core/errors.ts';
import { rawPublicKey, requestHashOf, signedRequestHeaders, verifyResponse } from '../../exchange/signatures.ts';
import { print, say } from '../output.ts';

const USAGE = {
  es: `Uso:
  infradatos exchange keygen --out CLAVE.pem
      crea el par de claves Ed25519 de un cliente; guarda la privada (solo para usted) e imprime la pública,
      que se registra en /entities/NIT/exchange-clients.
  infradatos exchange get URL --client CO/GOV/NIT/SUBSISTEMA --key CLAVE.pem [--out ARCHIVO]
      lee los datos autorizados con una solicitud firmada (URL: …/api/v1/exchange/CONJUNTO[?limit=&offset=&fields=])
      y verifica la firma de la respuesta con la clave publicada por la plataforma.
Sale con 0 si la respuesta llegó y su firma es válida, 1 si la plataforma negó la lectura, 3 si la firma no verifica.`,
  en: `Usage:
  infradatos exchange keygen --out KEY.pem
      creates a client's Ed25519 key pair; saves the private key (for you only) and prints the public key,
      which is registered at /entities/NIT/exchange-clients.
  infradatos exchange get URL --client CO/GOV/NIT/SUBSYSTEM --key KEY.pem [--out FILE]
      reads the granted data with a signed request (URL: …/api/v1/exchange/DATASET[?limit=&offset=&fields=])
      and verifies the response's signature with the key the platform publishes.
Exits with 0 when the response arrived and its signature is valid, 1 when the platform refused, 3 when the signature does not verify.`,
};

export async function exchangeCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { out: { type: 'string' }, client: { type: 'string' }, key: { type: 'string' }, help: { type: 'boolean' } } });
  if (sub === 'keygen' && values.out) return keygen(values.out);
  if (sub === 'get' && positionals[0] && values.client && values.key) return get(positionals[0], values.client, values.key, values.out);
  print(USAGE);
  return values.help || sub === '--help' ? 0 : 2;
}

async function keygen(out: string): Promise<number> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // 'wx': an existing key is never overwritten; 0600: the private key is for its owner only.
  await writeFile(out, privateKey.export({ format: 'pem', type: 'pkcs8' }), { flag: 'wx', mode: 0o600 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST') throw invalid({ es: `${out} ya existe: no se sobrescribe una clave.`, en: `${out} exists: a key is never overwritten.` });
    throw error;
  });
  print({ es: 'Clave privada guardada en {out}. Clave pública (regístrela como cliente de su entidad):', en: 'Private key saved to {out}. Public key (register it as a client of your entity):' }, { out });
  print(rawPublicKey(publicKey));
  return 0;
}

async function readPrivateKey(file: string): Promise<KeyObject> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw invalid({ es: `No se pudo leer la clave ${file} (${error.code}).`, en: `Could not read the key ${file} (${error.code}).` });
  });
  try {
    const key = createPrivateKey(text);
    if (key.asymmetricKeyType === 'ed25519') return key;
  } catch {
    // reported below
  }
  throw invalid({ es: `${file} no es una clave privada Ed25519 en PEM (la que crea infradatos exchange keygen).`, en: `${file} is not an Ed25519 private key in PEM (the kind infradatos exchange keygen makes).` });
}

async function get(url: string, client: string, keyFile: string, out: string | undefined): Promise<number> {
  const target = URL.canParse(url) ? new URL(url) : null;
  if (!target || !/^https?:$/.test(target.protocol)) throw invalid({ es: `«${url}» no es una dirección http(s).`, en: `"${url}" is not an http(s) address.` });
  const privateKey = await readPrivateKey(keyFile);
  const path = `${target.pathname}${target.search}`;
  const headers = signedRequestHeaders({ client, privateKey, method: 'GET', target: path });
  const response = await fetch(target, { headers }).catch((error: Error) => {
    throw invalid({ es: `No se pudo conectar con ${target.origin}: ${error.cause ?? error.message}`, en: `Could not connect to ${target.origin}: ${error.cause ?? error.message}` });
  });
  const body = await response.text();
  if (!response.ok) {
    let message = body;
    try {
      const error = (JSON.parse(body) as { error?: { message?: Bilingual } }).error;
      if (error?.message) message = say(error.message);
    } catch {
      // not our envelope: the body as it came
    }
    process.stderr.write(`${response.status}: ${message}\n`);
    return 1;
  }
  const published = (await (await fetch(new URL('/api/v1/exchange/key', target))).json()) as { public_key: string };
  const requestHash = requestHashOf(headers, 'GET', path);
  if (!verifyResponse(published.public_key, requestHash, body, response.headers.get('x-infradatos-signature') ?? '')) {
    print({ es: 'La firma de la respuesta NO verifica con la clave publicada: no use estos datos.', en: 'The response signature does NOT verify with the published key: do not use these data.' });
    return 3;
  }
  if (out) await writeFile(out, body);
  else process.stdout.write(`${body}\n`);
  const rows = (JSON.parse(body) as { rows: unknown[] }).rows.length;
  process.stderr.write(`${say({ es: '{n} filas · solicitud {h} · firma verificada', en: '{n} rows · request {h} · signature verified' }, { n: rows, h: requestHash })}\n`);
  return 0;
}
