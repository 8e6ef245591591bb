import type { Bilingual } from '../../core/errors.ts';

/** A mistake in a SoQL query, reported in Socrata's error shape with where it is. */
export class SoqlError extends Error {
  constructor(
    readonly code: string,
    readonly messages: Bilingual,
    readonly text: string,
    readonly pos: number,
    readonly parameter: string,
  ) {
    super(messages.en);
  }

  /** Socrata's body: {code, error: true, message, data: {position: {row, column, line}}}; plus our Spanish text. */
  body() {
    const before = this.text.slice(0, this.pos);
    const row = before.split('\n').length;
    const lineStart = before.lastIndexOf('\n') + 1;
    const column = this.pos - lineStart + 1;
    const line = this.text.slice(lineStart).split('\n')[0]!;
    const caret = `${line}\n${' '.repeat(column - 1)}^`;
    return {
      code: this.code,
      error: true,
      message: `${this.messages.en}; position: ${this.parameter} row ${row}, column ${column}\n${caret}`,
      message_es: `${this.messages.es}; posición: ${this.parameter} fila ${row}, columna ${column}\n${caret}`,
      data: { parameter: this.parameter, position: { row, column, line } },
    };
  }
}
