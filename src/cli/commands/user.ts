import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { invalid } from '../../core/errors.ts';
import { createPerson } from '../../catalog/people.ts';
import { withPlatform } from '../open.ts';
import { print, say } from '../output.ts';

const USAGE = {
  es: `Uso: infradatos user add --entity NIT --role ROL [--role ROL…] [--name NOMBRE] [--password-stdin] CORREO
Roles: editor, steward, entity_admin, data_office, arbiter.
La contraseña se toma de INFRADATOS_PASSWORD, de la entrada estándar (--password-stdin) o se pregunta;
si no hay terminal, se genera una y se muestra una sola vez.`,
  en: `Usage: infradatos user add --entity NIT --role ROLE [--role ROLE…] [--name NAME] [--password-stdin] EMAIL
Roles: editor, steward, entity_admin, data_office, arbiter.
The password comes from INFRADATOS_PASSWORD, standard input (--password-stdin) or a prompt;
without a terminal one is generated and shown once.`,
};

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.replace(/\r?\n$/, '');
}

/** Asks for the password without echoing it. */
async function prompt(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
  output._writeToOutput = (s: string) => {
    if (s.includes(question)) output.output.write(s);
  };
  return new Promise((resolve) => rl.question(question, (answer) => {
    rl.close();
    process.stderr.write('\n');
    resolve(answer);
  }));
}

export async function userCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'add') {
    print(USAGE);
    return sub === undefined || sub === '--help' ? 0 : 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { entity: { type: 'string' }, role: { type: 'string', multiple: true }, name: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
  });
  const email = positionals[0];
  if (!email || !values.entity || !values.role?.length) {
    throw invalid({ es: `Faltan datos.\n${USAGE.es}`, en: `Missing arguments.\n${USAGE.en}` });
  }
  let password = process.env.INFRADATOS_PASSWORD ?? '';
  let generated = false;
  if (!password && values['password-stdin']) password = await readStdin();
  if (!password && process.stdin.isTTY) password = await prompt(say({ es: 'Contraseña: ', en: 'Password: ' }));
  if (!password) {
    password = randomBytes(12).toString('base64url');
    generated = true;
  }
  return withPlatform('user add', async (_platform, ctx) => {
    const person = await createPerson(ctx, { email, name: values.name ?? '', entity: values.entity!, roles: values.role!, password });
    print({ es: 'Cuenta creada: {email} ({roles}) en {entity}.', en: 'Account created: {email} ({roles}) in {entity}.' }, { email: person.email, roles: person.roles.join(', '), entity: person.entity_id });
    if (generated) print({ es: 'Contraseña generada (guárdela; no se volverá a mostrar): {p}', en: 'Generated password (keep it; it will not be shown again): {p}' }, { p: password });
    return 0;
  });
}
