import type { Hierarchy } from './hierarchy.ts';

/**
 * Hierarchies built from a column's own values when no file gives one: numbers into intervals that double at
 * each level, ISO dates into month, year and decade, DIVIPOLA municipality codes into department, natural
 * region and country, and any other text by masking one more character from the right at each level.
 */

/** Colombia's natural regions by DIVIPOLA department code. */
const REGIONS: Record<string, string> = {
  '05': 'Andina', '11': 'Andina', '15': 'Andina', '17': 'Andina', '25': 'Andina', '41': 'Andina', '54': 'Andina', '63': 'Andina', '66': 'Andina', '68': 'Andina', '73': 'Andina',
  '08': 'Caribe', '13': 'Caribe', '20': 'Caribe', '23': 'Caribe', '44': 'Caribe', '47': 'Caribe', '70': 'Caribe',
  '19': 'Pacífica', '27': 'Pacífica', '52': 'Pacífica', '76': 'Pacífica',
  '50': 'Orinoquía', '81': 'Orinoquía', '85': 'Orinoquía', '99': 'Orinoquía',
  '18': 'Amazonía', '86': 'Amazonía', '91': 'Amazonía', '94': 'Amazonía', '95': 'Amazonía', '97': 'Amazonía',
  '88': 'Insular',
};

const build = (values: string[], levelsOf: (value: string) => string[]): Hierarchy => {
  const rows = new Map(values.map((v) => [v, [v, ...levelsOf(v), '*']]));
  const levels = Math.max(...[...rows.values()].map((r) => r.length));
  // Every row as deep as the deepest: a shorter path repeats its last generalization before "*".
  for (const [value, row] of rows) {
    while (row.length < levels) row.splice(row.length - 1, 0, row[row.length - 2]!);
    rows.set(value, row);
  }
  return { levels, rows };
};

/** 1, 2 or 5 times a power of ten: the nearest "round" width at or above x. */
function niceStep(x: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(x, 1e-9)));
  for (const m of [1, 2, 5, 10]) if (m * power >= x) return m * power;
  return 10 * power;
}

function numberHierarchy(values: string[]): Hierarchy {
  const numbers = values.map(Number);
  const lo = Math.min(...numbers);
  const hi = Math.max(...numbers);
  const integers = numbers.every(Number.isInteger);
  let width = niceStep(Math.max((hi - lo) / 20, integers ? 1 : 1e-9));
  const widths: number[] = [];
  while (widths.length < 8) {
    widths.push(width);
    if (width >= hi - lo + 1) break;
    width *= 2;
  }
  const label = (start: number, w: number) => (integers ? `${start}-${start + w - 1}` : `[${start}, ${start + w})`);
  return build(values, (v) => widths.map((w) => {
    const start = Math.floor(Number(v) / w) * w;
    return label(Math.round(start * 1e9) / 1e9, w);
  }));
}

function dateHierarchy(values: string[]): Hierarchy {
  return build(values, (v) => {
    const year = Number(v.slice(0, 4));
    const decade = Math.floor(year / 10) * 10;
    return [v.slice(0, 7), v.slice(0, 4), `${decade}-${decade + 9}`];
  });
}

function divipolaHierarchy(values: string[]): Hierarchy {
  return build(values, (v) => {
    const code = v.padStart(5, '0');
    return [code.slice(0, 2), REGIONS[code.slice(0, 2)] ?? 'Colombia', 'Colombia'];
  });
}

function maskHierarchy(values: string[]): Hierarchy {
  const longest = Math.max(...values.map((v) => v.length));
  return build(values, (v) => Array.from({ length: Math.max(0, longest - 1) }, (_, i) => {
    const keep = Math.max(0, v.length - (i + 1));
    return v.slice(0, keep) + '*'.repeat(v.length - keep);
  }));
}

export type AutoKind = 'number' | 'date' | 'divipola' | 'mask';

/** The kind of automatic hierarchy a column's distinct values call for. */
export function autoKind(values: string[], municipalities?: Set<string>): AutoKind {
  if (values.length && values.every((v) => v.trim() !== '' && Number.isFinite(Number(v))) && !values.every((v) => /^0\d/.test(v) || /^\d{5}$/.test(v))) return 'number';
  if (values.length && values.every((v) => /^\d{4}-\d{2}-\d{2}/.test(v))) return 'date';
  if (municipalities && values.length && values.every((v) => municipalities.has(v.padStart(5, '0')))) return 'divipola';
  return 'mask';
}

/** A hierarchy for the distinct values of a column without one. */
export function autoHierarchy(values: string[], municipalities?: Set<string>): { kind: AutoKind; hierarchy: Hierarchy } {
  const kind = autoKind(values, municipalities);
  const hierarchy = kind === 'number' ? numberHierarchy(values) : kind === 'date' ? dateHierarchy(values) : kind === 'divipola' ? divipolaHierarchy(values) : maskHierarchy(values);
  return { kind, hierarchy };
}
