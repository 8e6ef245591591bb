import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { invalid } from '../core/errors.ts';

/**
 * A generalization hierarchy as ARX writes it: one row per original value, column i its value at
 * generalization level i (level 0 is the value itself, the last level usually "*").
 */
export interface Hierarchy {
  /** Number of levels, the original included. */
  levels: number;
  /** Original value → its value at each level. */
  rows: Map<string, string[]>;
}

/** Reads an ARX hierarchy CSV (";" separated by default); every row must have the same number of levels. */
export function readHierarchyCsv(file: string, delimiter = ';'): Hierarchy {
  const name = path.basename(file);
  const lines = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.length > 0);
  if (!lines.length) throw invalid({ es: `La jerarquía «${name}» está vacía.`, en: `Hierarchy "${name}" is empty.` }, [{ file: name, message: { es: 'Sin filas.', en: 'No rows.' } }]);
  const rows = new Map<string, string[]>();
  let levels = 0;
  lines.forEach((line, i) => {
    const cells = line.split(delimiter);
    if (i === 0) levels = cells.length;
    if (cells.length !== levels) {
      throw invalid(
        { es: `La jerarquía «${name}» tiene ${cells.length} niveles en la fila ${i + 1} y ${levels} en la primera.`, en: `Hierarchy "${name}" has ${cells.length} levels on row ${i + 1} and ${levels} on the first.` },
        [{ file: name, row: i + 1, message: { es: `Se esperaban ${levels} columnas.`, en: `${levels} columns expected.` } }],
      );
    }
    if (rows.has(cells[0]!)) {
      throw invalid({ es: `La jerarquía «${name}» repite el valor «${cells[0]}» (fila ${i + 1}).`, en: `Hierarchy "${name}" repeats value "${cells[0]}" (row ${i + 1}).` }, [{ file: name, row: i + 1, message: { es: 'Valor repetido.', en: 'Repeated value.' } }]);
    }
    rows.set(cells[0]!, cells);
  });
  assertTree({ levels, rows }, name);
  return { levels, rows };
}

/** Each value at one level must generalize to a single value at the next, or the lattice has no meaning. */
function assertTree(hierarchy: Hierarchy, name: string): void {
  for (let level = 0; level + 1 < hierarchy.levels; level++) {
    const parent = new Map<string, string>();
    for (const row of hierarchy.rows.values()) {
      const seen = parent.get(row[level]!);
      if (seen !== undefined && seen !== row[level + 1]) {
        throw invalid(
          { es: `La jerarquía «${name}» generaliza «${row[level]}» (nivel ${level}) a «${seen}» y a «${row[level + 1]}».`, en: `Hierarchy "${name}" generalizes "${row[level]}" (level ${level}) to both "${seen}" and "${row[level + 1]}".` },
          [{ file: name, message: { es: 'Un valor tiene dos generalizaciones.', en: 'A value has two generalizations.' } }],
        );
      }
      parent.set(row[level]!, row[level + 1]!);
    }
  }
}

/** Finds hierarchies by ARX's naming, `<name>_hierarchy_<column>.csv`, for the given columns. */
export function findHierarchies(dir: string, columns: string[]): Map<string, string> {
  if (!existsSync(dir)) throw invalid({ es: `No existe la carpeta de jerarquías «${dir}».`, en: `Hierarchy folder "${dir}" does not exist.` });
  const found = new Map<string, string>();
  for (const file of readdirSync(dir)) {
    const match = /^(.*)_hierarchy_(.+)\.csv$/i.exec(file);
    if (match && columns.includes(match[2]!)) found.set(match[2]!, path.join(dir, file));
  }
  return found;
}
