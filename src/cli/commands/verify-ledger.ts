import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { invalid } from '../../core/errors.ts';
import { COSIGNATURE_V1, ed25519PublicKey, parseSignerKey, signerKey, verifierKey } from '../../ledger/note.ts';
import { LedgerAlarm, verifyLedger, type VerifierState } from '../../ledger/verifier.ts';
import { cliLang, print, say } from '../output.ts';

const USAGE = {
  es: `Uso: infradatos verify-ledger URL [--entry N]… [--file ARCHIVO]… [--all] [--state ARCHIVO] [--key CLAVE] [--witness-key ARCHIVO]
Verifica el registro de transparencia de un servidor infradatos sin confiar en él: la firma del último punto de
control, que extiende el último que este verificador aceptó (recordado en --state), la inclusión de entradas o de
archivos descargados (por su SHA-256) y, con --all, que todas las entradas producen la raíz firmada.
Con --witness-key actúa como testigo: cosigna el punto de control verificado y lo entrega al registro.
Sale con código 1 y una alerta si algo no cuadra (bifurcación, entrada reescrita, firma inválida).
Crear una clave de testigo: infradatos witness-key NOMBRE`,
  en: `Usage: infradatos verify-ledger URL [--entry N]… [--file FILE]… [--all] [--state FILE] [--key KEY] [--witness-key FILE]
Verifies an infradatos server's transparency ledger without trusting it: the signature of the latest checkpoint,
that it extends the last one this verifier accepted (remembered in --state), the inclusion of entries or of
downloaded files (by their SHA-256) and, with --all, that all entries give the signed root.
With --witness-key it acts as a witness: it cosigns the verified checkpoint and hands it to the log.
Exits with code 1 and an alarm when something does not add up (fork, rewritten entry, invalid signature).
Create a witness key: infradatos witness-key NAME`,
};

function defaultStateFile(url: string): string {
  const dir = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(dir, 'infradatos', `ledger-${url.replace(/^https?:\/\//, '').replace(/[^a-z0-9.-]+/gi, '_')}.json`);
}

export async function verifyLedgerCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      entry: { type: 'string', multiple: true },
      file: { type: 'string', multiple: true },
      all: { type: 'boolean' },
      state: { type: 'string' },
      key: { type: 'string' },
      'witness-key': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const url = positionals[0];
  if (values.help || !url) {
    print(USAGE);
    return values.help ? 0 : 2;
  }
  const stateFile = values.state ?? defaultStateFile(url);
  const state = existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as VerifierState) : undefined;
  const entries = (values.entry ?? []).map((e) => {
    const n = Number(e);
    if (!Number.isInteger(n) || n < 0) throw invalid({ es: `--entry ${e} no es un índice.`, en: `--entry ${e} is not an index.` });
    return n;
  });
  const files = (values.file ?? []).map((f) => ({ name: f, data: readFileSync(f) }));
  const witness = values['witness-key'] ? parseSignerKey(readFileSync(values['witness-key'], 'utf8')) : undefined;
  try {
    const report = await verifyLedger({
      url,
      ...(state ? { state } : {}),
      ...(values.key ? { logKey: values.key } : {}),
      entries,
      files,
      audit: Boolean(values.all),
      ...(witness ? { witness } : {}),
      onProgress: (m) => process.stderr.isTTY && process.stderr.write(`${m}\n`),
    });
    if (!state) print({ es: 'Primera verificación: se recuerda la clave del registro {key}.', en: 'First verification: remembering the log key {key}.' }, { key: report.key });
    print({ es: '✓ Punto de control firmado válido: {size} entradas, raíz {root}.', en: '✓ Valid signed checkpoint: {size} entries, root {root}.' }, { size: String(report.checkpoint.size), root: report.checkpoint.root.toString('base64') });
    if (report.previousSize === report.checkpoint.size) print({ es: '✓ Igual al punto de control verificado antes: nada cambió.', en: '✓ The same as the checkpoint verified before: nothing changed.' });
    else if (report.previousSize !== null) print({ es: '✓ Consistente con el punto de control anterior ({from} entradas): nada fue reescrito.', en: '✓ Consistent with the previous checkpoint ({from} entries): nothing was rewritten.' }, { from: String(report.previousSize) });
    for (const e of report.entries) print({ es: '✓ La entrada {i} ({t}) está incluida.', en: '✓ Entry {i} ({t}) is included.' }, { i: e.index, t: e.type });
    for (const f of report.files) print({ es: '✓ {name} (SHA-256 {sha}) consta en las entradas {e}.', en: '✓ {name} (SHA-256 {sha}) is recorded in entries {e}.' }, { name: f.name, sha: f.sha256, e: f.entries.join(', ') });
    if (report.audited !== null) print({ es: '✓ Auditoría completa: las {n} entradas producen la raíz firmada.', en: '✓ Full audit: the {n} entries give the signed root.' }, { n: report.audited });
    if (report.cosigned) print({ es: '✓ Cosignado como testigo {w} y entregado al registro.', en: '✓ Cosigned as witness {w} and handed to the log.' }, { w: witness!.name });
    mkdirSync(path.dirname(stateFile), { recursive: true });
    writeFileSync(`${stateFile}.tmp`, JSON.stringify(report.state, null, 2));
    renameSync(`${stateFile}.tmp`, stateFile);
    return 0;
  } catch (error) {
    if (!(error instanceof LedgerAlarm)) throw error;
    process.stderr.write(`\n${say({ es: '✗ ALERTA', en: '✗ ALARM' })}: ${error.messages[cliLang]}\n${say({ es: 'No se actualizó el estado recordado ({file}).', en: 'The remembered state was not updated ({file}).' }, { file: stateFile })}\n`);
    return 1;
  }
}

/** Creates a witness key: the private key to keep, and the public key to register at /api/v1/ledger/witnesses. */
export function witnessKeyCommand(args: string[]): number {
  const name = args[0];
  if (!name || name.startsWith('-')) {
    print({ es: 'Uso: infradatos witness-key NOMBRE   (p. ej. testigo.dane.gov.co/1)', en: 'Usage: infradatos witness-key NAME   (e.g. witness.dane.gov.co/1)' });
    return 2;
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  print({ es: '# Clave privada del testigo (guárdela en un archivo y úsela con --witness-key):', en: '# The witness private key (keep it in a file and use it with --witness-key):' });
  print(signerKey(name, privateKey));
  print({ es: '# Clave pública para registrar el testigo (POST /api/v1/ledger/witnesses):', en: '# The public key to register the witness (POST /api/v1/ledger/witnesses):' });
  print(verifierKey(name, ed25519PublicKey(privateKey), COSIGNATURE_V1));
  return 0;
}
