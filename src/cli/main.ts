import { loadConfig } from '../core/config.ts';
import { systemActor } from '../core/actor.ts';
import { loadDemo } from '../catalog/demo/load.ts';
import { loadDemoDatasets } from '../publish/demo.ts';
import { loadDemoStandards } from '../quality/demo-standards.ts';
import { loadDemoExchange } from '../exchange/demo.ts';
import { startServer } from '../server.ts';
import { entityCommand } from './commands/entity.ts';
import { verifyLedgerCommand, witnessKeyCommand } from './commands/verify-ledger.ts';
import { importInventoryCommand } from './commands/import-inventory.ts';
import { userCommand } from './commands/user.ts';
import { codelistsCommand } from './commands/codelists.ts';
import { withPlatform } from './open.ts';
import { publishCommand } from './commands/publish.ts';
import { qualityCommand } from './commands/quality.ts';
import { anonymizeCommand } from './commands/anonymize.ts';
import { harvestCommand } from './commands/harvest.ts';
import { exchangeCommand } from './commands/exchange.ts';
import { print, printError } from './output.ts';

const HELP = {
  es: `infradatos — infraestructura de datos del Estado

Órdenes:
  serve                         inicia la plataforma (http://localhost:8080 por defecto)
  demo                          carga los datos de demostración en un directorio vacío
  import-inventory ARCHIVO …    importa un Registro de Activos de Información (XLSX o CSV)
  publish ARCHIVO --dataset ID  publica un archivo como nueva versión de un conjunto de datos
  quality ARCHIVO [--schema E]  valida un CSV o XLSX sin servidor (Table Schema de Frictionless)
  anonymize ARCHIVO --qi … --k  anonimiza microdatos sin servidor (k-anonimato, l-diversidad, t-cercanía)
  harvest URL --type T --entity NIT  cosecha un catálogo DCAT, CKAN o data.json en los datos de la entidad
  exchange keygen|get …         claves de un cliente del intercambio y lectura firmada de datos autorizados
  user add …                    crea una cuenta (también la primera de la oficina nacional de datos)
  codelists load divipola ARCHIVO  carga la lista de municipios del DANE (oficina nacional de datos)
  entity add …                  registra una entidad
  verify-ledger URL …           verifica el registro de transparencia de un servidor (auditor o testigo)
  witness-key NOMBRE            crea la clave de un testigo del registro
  migrate                       aplica las migraciones pendientes

Configuración por variables de entorno: PORT, DATA_DIR, DATABASE_URL, BLOB_URL, BASE_URL, SECRET, DEMO (todas en el README).
Ayuda de cada orden: infradatos ORDEN --help`,
  en: `infradatos — the State's data infrastructure

Commands:
  serve                         starts the platform (http://localhost:8080 by default)
  demo                          loads the demo content into an empty data directory
  import-inventory FILE …       imports a Register of Information Assets (XLSX or CSV)
  publish FILE --dataset ID     publishes a file as a new release of a dataset
  quality FILE [--schema S]     validates a CSV or XLSX offline (Frictionless Table Schema)
  anonymize FILE --qi … --k     anonymizes microdata offline (k-anonymity, l-diversity, t-closeness)
  harvest URL --type T --entity NIT  harvests a DCAT, CKAN or data.json catalog into the entity's datasets
  exchange keygen|get …         an exchange client's keys, and signed reads of granted data
  user add …                    creates an account (also the national data office's first one)
  codelists load divipola FILE  loads DANE's municipality list (national data office)
  entity add …                  registers an entity
  verify-ledger URL …           verifies a server's transparency ledger (auditor or witness)
  witness-key NAME              creates a ledger witness key
  migrate                       applies pending migrations

Configuration through environment variables: PORT, DATA_DIR, DATABASE_URL, BLOB_URL, BASE_URL, SECRET, DEMO (all in the README).
Help of each command: infradatos COMMAND --help`,
};

async function serve(): Promise<number> {
  const config = loadConfig();
  const server = await startServer(config);
  print({ es: 'infradatos está en {url}', en: 'infradatos is running at {url}' }, { url: config.baseUrl });
  let exitCode = 0;
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second Ctrl-C means "now"; a repeated SIGTERM changes nothing.
        if (signal === 'SIGINT') process.exit(130);
        return;
      }
      stopping = true;
      server.app.log.info({ signal }, 'shutting down: finishing requests and jobs in progress');
      // Whatever still runs after 10 s is cut: a job left running is taken up again at the next start.
      setTimeout(() => {
        server.app.log.warn('shutdown took more than 10 s: stopping now');
        process.exit(exitCode);
      }, 9_500).unref();
      server.close().then(resolve, (error) => {
        exitCode = printError(error);
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return exitCode;
}

export async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'serve':
        return await serve();
      case 'demo':
        return await withPlatform('demo', async (_p, ctx) => {
          const summary = await loadDemo({ ...ctx, actor: systemActor('demo') }, (m) => print(m));
          await loadDemoDatasets({ ...ctx, actor: systemActor('demo') }, (title) => print({ es: `Publicado: ${title}`, en: `Published: ${title}` }));
          await loadDemoStandards({ ...ctx, actor: systemActor('demo') });
          await loadDemoExchange({ ...ctx, actor: systemActor('demo') });
          print(summary
            ? { es: 'Demostración cargada: {e} entidades, {a} activos, {p} cuentas.', en: 'Demo loaded: {e} entities, {a} assets, {p} accounts.' }
            : { es: 'El directorio ya tiene entidades; no se cargó la demostración.', en: 'The directory already has entities; the demo was not loaded.' },
          summary ? { e: summary.entities, a: summary.assets, p: summary.people } : {});
          return 0;
        });
      case 'migrate':
        return await withPlatform('migrate', async () => {
          print({ es: 'Migraciones al día.', en: 'Migrations up to date.' });
          return 0;
        });
      case 'import-inventory':
        return await importInventoryCommand(rest);
      case 'publish':
        return await publishCommand(rest);
      case 'quality':
        return await qualityCommand(rest);
      case 'anonymize':
        return await anonymizeCommand(rest);
      case 'harvest':
        return await harvestCommand(rest);
      case 'exchange':
        return await exchangeCommand(rest);
      case 'user':
        return await userCommand(rest);
      case 'codelists':
        return await codelistsCommand(rest);
      case 'entity':
        return await entityCommand(rest);
      case 'verify-ledger':
        return await verifyLedgerCommand(rest);
      case 'witness-key':
        return witnessKeyCommand(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        print(HELP);
        return 0;
      default:
        print({ es: 'Orden desconocida: {c}', en: 'Unknown command: {c}' }, { c: command });
        print(HELP);
        return 2;
    }
  } catch (error) {
    return printError(error);
  }
}
