import { AppError, type Bilingual } from '../core/errors.ts';
import { format, type Lang } from '../core/i18n.ts';

/** The CLI speaks the language of the terminal: English when LANG says so, Spanish otherwise. */
export const cliLang: Lang = /^en/i.test(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '') ? 'en' : 'es';

export function say(text: Bilingual, params?: Record<string, string | number>): string {
  return format(text[cliLang], params);
}

export function print(text: Bilingual | string, params?: Record<string, string | number>): void {
  process.stdout.write(`${typeof text === 'string' ? text : say(text, params)}\n`);
}

export function printError(error: unknown): number {
  if (error instanceof AppError) {
    process.stderr.write(`${say({ es: 'Error', en: 'Error' })}: ${say(error.messages)}\n`);
    for (const d of error.details) {
      const where = [d.file, d.row !== undefined ? `${say({ es: 'fila', en: 'row' })} ${d.row}` : '', d.column, d.field].filter(Boolean).join(', ');
      process.stderr.write(`  - ${where ? `${where}: ` : ''}${say(d.message)}\n`);
    }
    return error.code === 'locked' ? 3 : 2;
  }
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  return 1;
}

/** Progress on standard error: one updating line on a terminal, a line every 10 % in a log. */
export function progressLine(label: string): (done: number, total: number) => void {
  const tty = process.stderr.isTTY;
  let last = -1;
  return (done, total) => {
    const percent = total ? Math.floor((done / total) * 100) : 0;
    const step = tty ? percent : percent - (percent % 10);
    if (step === last) return;
    last = step;
    process.stderr.write(tty ? `\r${label} ${percent}%${percent >= 100 ? '\n' : ''}` : `${label} ${step}%\n`);
  };
}
