import type { Bilingual } from '../core/errors.ts';
import { LICENCES, term } from '../catalog/vocabularies.ts';
import type { DcatDataset } from '../linked/dcat.ts';
import type { DatasetSources } from '../linked/dataset-record.ts';
import type { ColumnSummary } from '../publish/explore.ts';
import type { TableSchema } from '../publish/table-schema.ts';
import type { ContentReport } from './content.ts';
import type { LinkResult } from './links.ts';
import type { MqaResult } from './mqa.ts';
import type { ReleaseProfile } from './profile.ts';
import { CRITERIA, type CriterionId, type QualityRules } from './rules.ts';
import type { ShaclOutcome } from './shacl.ts';
import { ruleLabel } from './plausibility.ts';

export interface CriterionResult {
  id: CriterionId;
  label: Bilingual;
  /** 0–100, or null when it cannot be measured (see `applicable`). */
  score: number | null;
  /** False when the criterion does not apply to this dataset (then it never blocks a seal). */
  applicable: boolean;
  evidence: Bilingual;
  /** How the score is computed, as written in docs/quality.md. */
  rule: Bilingual;
}

/** Everything measured about a dataset that the criteria read. */
export interface CriteriaInput {
  sources: DatasetSources;
  dcat: DcatDataset;
  mqa: MqaResult;
  shacl: ShaclOutcome | null;
  content: ContentReport | null;
  profile: ReleaseProfile | null;
  summary: ColumnSummary[] | null;
  links: Map<string, Pick<LinkResult, 'ok'>>;
  /** Views, downloads and API calls within the relevance window. */
  uses: number;
  /** Releases whose files are all in the store, of all releases. */
  storedReleases: { stored: number; total: number };
  /** Releases recorded in the transparency ledger. */
  ledgerReleases: number;
  now: Date;
  rules: QualityRules;
}

export const CRITERION_LABELS: Record<CriterionId, Bilingual> = {
  completitud: { es: 'Completitud', en: 'Completeness' },
  consistencia: { es: 'Consistencia', en: 'Consistency' },
  exactitud: { es: 'Exactitud', en: 'Accuracy' },
  unicidad: { es: 'Unicidad', en: 'Uniqueness' },
  actualidad: { es: 'Actualidad', en: 'Currency' },
  conformidad: { es: 'Conformidad', en: 'Conformity' },
  comprensibilidad: { es: 'Comprensibilidad', en: 'Understandability' },
  portabilidad: { es: 'Portabilidad', en: 'Portability' },
  accesibilidad: { es: 'Accesibilidad', en: 'Accessibility' },
  disponibilidad: { es: 'Disponibilidad', en: 'Availability' },
  trazabilidad: { es: 'Trazabilidad', en: 'Traceability' },
  relevancia: { es: 'Relevancia', en: 'Relevance' },
  credibilidad: { es: 'Credibilidad', en: 'Credibility' },
  precision: { es: 'Precisión', en: 'Precision' },
  confidencialidad: { es: 'Confidencialidad', en: 'Confidentiality' },
  eficiencia: { es: 'Eficiencia', en: 'Efficiency' },
  recuperabilidad: { es: 'Recuperabilidad', en: 'Recoverability' },
};

/** Days in one update period of each frequency of the inventory's vocabulary; null: no periodic update is promised. */
export const PERIOD_DAYS: Record<string, number | null> = {
  continua: 1, diaria: 1, semanal: 7, quincenal: 15, mensual: 30.44, bimestral: 60.88, trimestral: 91.31, semestral: 182.62, anual: 365.25, cuatrienal: 1461, irregular: null, no_aplica: null,
};

/** Errors of the file's shape (headers and row widths), as opposed to errors in cell values. */
export const STRUCTURE_ERRORS = ['blank-label', 'duplicate-label', 'missing-label', 'extra-label', 'incorrect-label', 'extra-cell', 'missing-cell', 'blank-row'] as const;
const CELL_ERRORS = ['type-error', 'constraint-error', 'missing-cell', 'extra-cell', 'blank-row'] as const;

const pct = (n: number) => Math.max(0, Math.min(100, Math.round(n)));
const fmt = (n: number) => n.toLocaleString('es-CO');
const fmtEn = (n: number) => n.toLocaleString('en-US');
const noRelease: Bilingual = { es: 'Sin versión publicada', en: 'No release published' };

type Measure = (input: CriteriaInput) => Omit<CriterionResult, 'id' | 'label' | 'rule'>;

function measured(score: number, evidence: Bilingual) {
  return { score: pct(score), applicable: true, evidence };
}

const unknown = (evidence: Bilingual) => ({ score: null, applicable: true, evidence });
const notApplicable = (evidence: Bilingual) => ({ score: null, applicable: false, evidence });

export const RULES: Record<CriterionId, Bilingual> = {
  completitud: { es: '100 × celdas con valor ÷ celdas (filas × campos) de la versión vigente.', en: '100 × cells with a value ÷ cells (rows × fields) of the current release.' },
  consistencia: { es: '100 × (1 − errores de celda o de fila ÷ filas): tipo, restricciones, celdas faltantes o sobrantes y filas vacías según el Table Schema.', en: '100 × (1 − cell or row errors ÷ rows): type, constraints, missing or extra cells and blank rows against the Table Schema.' },
  exactitud: { es: '100 × valores correctos ÷ valores verificados: hallados en su lista de referencia (DIVIPOLA), en las columnas enlazadas (llave foránea) o reconocidas por su nombre, y dentro del rango posible en las columnas cuyo nombre lo dice (latitud y longitud dentro de Colombia, conteos no negativos, porcentajes de 0 a 100); no aplica sin tales columnas.', en: '100 × right values ÷ values checked: found in their reference list (DIVIPOLA), in linked (foreign key) or recognised columns, and within the possible range in columns whose name says it (latitude and longitude within Colombia, counts not negative, percentages 0 to 100); not applicable without such columns.' },
  unicidad: { es: '100 × (1 − (filas duplicadas + errores de llave primaria) ÷ filas).', en: '100 × (1 − (duplicate rows + primary-key errors) ÷ rows).' },
  actualidad: { es: '100 mientras la última versión tenga menos de un periodo de actualización; baja en línea recta hasta 0 al cumplir N periodos (N configurable, 4 por defecto); sin frecuencia declarada no se puede medir.', en: '100 while the last release is younger than one update period; falls linearly to 0 at N periods (N configurable, default 4); without a declared frequency it cannot be measured.' },
  conformidad: { es: '50 por cumplir las formas SHACL de DCAT-AP 3.0.1 (menos 5 por violación) + 50 por un archivo sin errores de estructura (encabezados y anchos de fila).', en: '50 for meeting the DCAT-AP 3.0.1 SHACL shapes (minus 5 per violation) + 50 for a file without structure errors (headers and row widths).' },
  comprensibilidad: { es: '70 × campos con descripción ÷ campos + 30 × (descripción del conjunto de al menos 100 caracteres, proporcional).', en: '70 × fields with a description ÷ fields + 30 × (dataset description of at least 100 characters, proportional).' },
  portabilidad: { es: '100 × distribuciones en formatos abiertos y legibles por máquina ÷ distribuciones.', en: '100 × distributions in open, machine-readable formats ÷ distributions.' },
  accesibilidad: { es: '40 si el acceso es público + 30 si la licencia es abierta y tiene URI + 30 si hay API de consulta (versión publicada).', en: '40 if access is public + 30 if the licence is open and has a URI + 30 if a query API exists (release published).' },
  disponibilidad: { es: '100 × URL (acceso y descarga) que respondieron en la última verificación ÷ URL verificadas.', en: '100 × URLs (access and download) that answered at the last check ÷ URLs checked.' },
  trazabilidad: { es: '40 si cada versión está en el registro de transparencia + 30 si se conserva el archivo original con su huella + 30 si el conjunto se vincula a su activo del inventario.', en: '40 if every release is in the transparency ledger + 30 if the original file is kept with its hash + 30 if the dataset is linked to its inventory asset.' },
  relevancia: { es: '100 × log(1 + usos) ÷ log(1 + U): vistas, descargas y llamadas a la API en la ventana (U y la ventana configurables: 1.000 usos en 90 días por defecto).', en: '100 × log(1 + uses) ÷ log(1 + U): views, downloads and API calls in the window (U and the window configurable: 1,000 uses in 90 days by default).' },
  credibilidad: { es: '40 por un publicador oficial identificado (NIT) + 30 por un punto de contacto + 30 si la versión fue publicada por una persona identificada.', en: '40 for an identified official publisher (NIT) + 30 for a contact point + 30 if the release was published by an identified person.' },
  precision: { es: '100 × campos con un tipo específico (número, fecha, booleano…) o con restricciones ÷ campos.', en: '100 × fields with a specific type (number, date, boolean…) or with constraints ÷ fields.' },
  confidencialidad: { es: '100 si la clasificación (Ley 1712 y Ley 1581) es compatible con el nivel de acceso; 0 si un conjunto abierto declara datos privados, sensibles, de menores o información clasificada o reservada; 50 si no hay activo con clasificación.', en: '100 if the classification (Ley 1712 and Ley 1581) fits the access level; 0 if an open dataset declares private, sensitive or children’s data or classified or reserved information; 50 if no classified asset is linked.' },
  eficiencia: { es: '50 por almacenarse en un formato columnar comprimido (Parquet) + 50 por ofrecer consultas filtradas (SoQL y SQL) sin descargar todo.', en: '50 for columnar compressed storage (Parquet) + 50 for filtered queries (SoQL and SQL) without downloading everything.' },
  recuperabilidad: { es: '100 × versiones cuyos archivos (original y Parquet) siguen en el almacén ÷ versiones.', en: '100 × releases whose files (original and Parquet) are still in the store ÷ releases.' },
};

const MEASURES: Record<CriterionId, Measure> = {
  completitud: ({ summary, profile }) => {
    if (!summary || !profile) return unknown(noRelease);
    const cells = profile.rows * summary.length;
    const empty = summary.reduce((s, c) => s + c.empty, 0);
    const sparse = summary.filter((c) => profile.rows && c.empty / profile.rows > 0.5).map((c) => c.name);
    const extra = sparse.length ? { es: `; más de la mitad vacía: ${sparse.join(', ')}`, en: `; more than half empty: ${sparse.join(', ')}` } : { es: '', en: '' };
    return measured(cells ? (100 * (cells - empty)) / cells : 100, { es: `${fmt(cells - empty)} de ${fmt(cells)} celdas con valor${extra.es}`, en: `${fmtEn(cells - empty)} of ${fmtEn(cells)} cells have a value${extra.en}` });
  },
  consistencia: ({ content }) => {
    if (!content) return unknown(noRelease);
    const errors = CELL_ERRORS.reduce((s, t) => s + (content.counts[t] ?? 0), 0);
    return measured(content.rows ? 100 * (1 - errors / content.rows) : 100, { es: `${fmt(errors)} errores de celda o fila en ${fmt(content.rows)} filas`, en: `${fmtEn(errors)} cell or row errors in ${fmtEn(content.rows)} rows` });
  },
  exactitud: ({ profile }) => {
    if (!profile) return unknown(noRelease);
    const plausibility = profile.plausibility ?? [];
    if (!profile.references.length && !plausibility.length) return notApplicable({ es: 'Ninguna columna se enlaza con una lista de referencia ni tiene un rango que se pueda verificar', en: 'No column is tied to a reference list or has a range that can be checked' });
    const values = profile.references.reduce((s, r) => s + r.values, 0) + plausibility.reduce((s, p) => s + p.values, 0);
    const right = profile.references.reduce((s, r) => s + r.found, 0) + plausibility.reduce((s, p) => s + p.values - p.implausible, 0);
    const found = profile.references.map((r) => `${r.field} → ${r.list}: ${r.found}/${r.values}${r.unknown.length ? ` (${r.unknown.join(', ')})` : ''}`);
    const ranges = (lang: 'es' | 'en') => plausibility.map((p) => `${p.field} (${ruleLabel(p.rule)[lang]}): ${p.implausible ? (lang === 'es' ? `${fmt(p.implausible)} fuera de rango` : `${fmtEn(p.implausible)} out of range`) + ` (${p.examples.join(', ')})` : (lang === 'es' ? 'en rango' : 'in range')}`);
    const es = [found.length ? `Valores hallados: ${found.join('; ')}` : '', plausibility.length ? `Valores posibles: ${ranges('es').join('; ')}` : ''].filter(Boolean).join('. ');
    const en = [found.length ? `Values found: ${found.join('; ')}` : '', plausibility.length ? `Plausible values: ${ranges('en').join('; ')}` : ''].filter(Boolean).join('. ');
    return measured(values ? (100 * right) / values : 100, { es, en });
  },
  unicidad: ({ profile, content }) => {
    if (!profile) return unknown(noRelease);
    const keyErrors = content?.counts['primary-key'] ?? 0;
    return measured(profile.rows ? 100 * (1 - (profile.duplicate_rows + keyErrors) / profile.rows) : 100, { es: `${fmt(profile.duplicate_rows)} filas duplicadas, ${fmt(keyErrors)} errores de llave primaria`, en: `${fmtEn(profile.duplicate_rows)} duplicate rows, ${fmtEn(keyErrors)} primary-key errors` });
  },
  actualidad: ({ dcat, sources, now, rules }) => {
    if (!sources.release) return unknown(noRelease);
    if (!dcat.frequency) return unknown({ es: 'No se declaró la frecuencia de actualización (en el activo del inventario)', en: 'No update frequency declared (on the inventory asset)' });
    const period = PERIOD_DAYS[dcat.frequency];
    if (period === null || period === undefined) return notApplicable({ es: `Frecuencia «${dcat.frequency}»: no promete actualizaciones periódicas`, en: `Frequency "${dcat.frequency}": no periodic updates promised` });
    const age = (now.getTime() - sources.release.created_at.getTime()) / 86_400_000;
    const score = age <= period ? 100 : 100 * (1 - (age - period) / ((rules.currency.zeroAtPeriods - 1) * period));
    return measured(score, { es: `Última versión hace ${Math.floor(age)} días; frecuencia ${dcat.frequency} (${Math.round(period)} días)`, en: `Last release ${Math.floor(age)} days ago; frequency ${dcat.frequency} (${Math.round(period)} days)` });
  },
  conformidad: ({ shacl, content }) => {
    const metadata = shacl ? Math.max(0, 50 - 5 * shacl.violations.length) : 0;
    const structure = content ? STRUCTURE_ERRORS.reduce((s, t) => s + (content.counts[t] ?? 0), 0) : null;
    const score = metadata + (structure === 0 ? 50 : 0);
    return measured(score, {
      es: `${shacl ? `${shacl.violations.length} violaciones DCAT-AP` : 'DCAT-AP sin validar'}; ${structure === null ? 'sin versión' : `${fmt(structure)} errores de estructura`}`,
      en: `${shacl ? `${shacl.violations.length} DCAT-AP violations` : 'DCAT-AP not validated'}; ${structure === null ? 'no release' : `${fmtEn(structure)} structure errors`}`,
    });
  },
  comprensibilidad: ({ sources, dcat }) => {
    const fields = sources.release ? (sources.release.schema as TableSchema).fields : [];
    const described = fields.filter((f) => f.description?.trim());
    const missing = fields.filter((f) => !f.description?.trim()).map((f) => f.name);
    const share = fields.length ? described.length / fields.length : 0;
    const text = Math.min(1, dcat.description.trim().length / 100);
    return measured(70 * share + 30 * text, {
      es: `${described.length} de ${fields.length} campos descritos${missing.length ? ` (sin descripción: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? '…' : ''})` : ''}; descripción de ${dcat.description.trim().length} caracteres`,
      en: `${described.length} of ${fields.length} fields described${missing.length ? ` (undescribed: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? '…' : ''})` : ''}; description of ${dcat.description.trim().length} characters`,
    });
  },
  portabilidad: ({ mqa }) => {
    const open = mqa.indicators.find((i) => i.id === 'non_proprietary')!;
    const machine = mqa.indicators.find((i) => i.id === 'machine_readable')!;
    return measured(100 * Math.min(open.share, machine.share), { es: `Formatos abiertos: ${open.evidence.es}`, en: `Open formats: ${open.evidence.en}` });
  },
  accesibilidad: ({ dcat, sources }) => {
    const open = Boolean(term(LICENCES, dcat.licence)?.uri) && dcat.licence !== 'restringida';
    const score = (dcat.accessRight === 'PUBLIC' ? 40 : 0) + (open ? 30 : 0) + (sources.release ? 30 : 0);
    return measured(score, { es: `Acceso ${dcat.accessRight}; licencia ${dcat.licence ?? '—'}; ${sources.release ? 'API SODA y SQL disponibles' : 'sin API (sin versión)'}`, en: `Access ${dcat.accessRight}; licence ${dcat.licence ?? '—'}; ${sources.release ? 'SODA and SQL APIs available' : 'no API (no release)'}` });
  },
  disponibilidad: ({ dcat, links }) => {
    const urls = [...new Set(dcat.distributions.flatMap((d) => [d.accessURL, d.downloadURL].filter((u): u is string => Boolean(u))))];
    const checked = urls.filter((u) => links.has(u));
    if (!checked.length) return unknown({ es: 'Ninguna URL verificada todavía', en: 'No URL checked yet' });
    const ok = checked.filter((u) => links.get(u)!.ok);
    const failed = checked.filter((u) => !links.get(u)!.ok);
    return measured((100 * ok.length) / checked.length, { es: `${ok.length} de ${checked.length} URL responden${failed.length ? `; fallan: ${failed.slice(0, 3).join(', ')}` : ''}`, en: `${ok.length} of ${checked.length} URLs answer${failed.length ? `; failing: ${failed.slice(0, 3).join(', ')}` : ''}` });
  },
  trazabilidad: ({ sources, storedReleases, ledgerReleases }) => {
    if (!sources.release) return unknown(noRelease);
    const ledger = ledgerReleases >= storedReleases.total ? 40 : 0;
    const original = sources.release.original_sha256 ? 30 : 0;
    const asset = sources.dataset.asset_id ? 30 : 0;
    return measured(ledger + original + asset, {
      es: `${ledgerReleases} de ${storedReleases.total} versiones en el registro de transparencia; original ${sources.release.original_name} (sha256 ${sources.release.original_sha256.slice(0, 12)}…); ${asset ? 'vinculado a su activo del inventario' : 'sin activo del inventario vinculado'}`,
      en: `${ledgerReleases} of ${storedReleases.total} releases in the transparency ledger; original ${sources.release.original_name} (sha256 ${sources.release.original_sha256.slice(0, 12)}…); ${asset ? 'linked to its inventory asset' : 'no inventory asset linked'}`,
    });
  },
  relevancia: ({ uses, rules }) => measured((100 * Math.log10(1 + uses)) / Math.log10(1 + rules.relevance.fullScoreUses), {
    es: `${fmt(uses)} usos (vistas, descargas y llamadas a la API) en ${rules.relevance.windowDays} días`,
    en: `${fmtEn(uses)} uses (views, downloads and API calls) in ${rules.relevance.windowDays} days`,
  }),
  credibilidad: ({ sources, dcat }) => {
    const score = (sources.entity.nit ? 40 : 0) + (dcat.contact ? 30 : 0) + (sources.release?.created_by ? 30 : 0);
    return measured(score, { es: `Publica ${sources.entity.name} (NIT ${sources.entity.nit}); ${dcat.contact ? 'con' : 'sin'} contacto; ${sources.release?.created_by ? 'versión publicada por una persona identificada' : 'versión sin autor identificado'}`, en: `Published by ${sources.entity.name} (NIT ${sources.entity.nit}); ${dcat.contact ? 'with' : 'no'} contact; ${sources.release?.created_by ? 'release published by an identified person' : 'release without an identified author'}` });
  },
  precision: ({ sources }) => {
    if (!sources.release) return unknown(noRelease);
    const fields = (sources.release.schema as TableSchema).fields;
    const precise = fields.filter((f) => f.type !== 'string' || (f.constraints && Object.keys(f.constraints).length));
    return measured(fields.length ? (100 * precise.length) / fields.length : 0, { es: `${precise.length} de ${fields.length} campos con tipo específico o restricciones`, en: `${precise.length} of ${fields.length} fields with a specific type or constraints` });
  },
  confidencialidad: ({ sources, dcat }) => {
    const asset = sources.asset;
    if (!asset) return measured(50, { es: 'Sin activo del inventario: la clasificación no se conoce', en: 'No inventory asset: the classification is unknown' });
    const risky = asset.personal_data_class === 'privado' || asset.personal_data_class === 'sensible' || asset.children_data || asset.legal_class !== 'publica';
    const open = dcat.accessRight === 'PUBLIC';
    const evidence = { es: `Clase ${asset.legal_class}; datos personales: ${asset.personal_data_class}${asset.children_data ? ', de menores' : ''}; acceso ${dcat.accessRight}`, en: `Class ${asset.legal_class}; personal data: ${asset.personal_data_class}${asset.children_data ? ', children' : ''}; access ${dcat.accessRight}` };
    return measured(risky && open ? 0 : 100, evidence);
  },
  eficiencia: ({ sources }) => {
    if (!sources.release) return unknown(noRelease);
    const perRow = sources.release.row_count ? sources.release.parquet_size / sources.release.row_count : 0;
    return measured(100, { es: `Parquet de ${fmt(sources.release.parquet_size)} bytes (${perRow.toFixed(1)} bytes por fila); consultas SoQL y SQL`, en: `Parquet of ${fmtEn(sources.release.parquet_size)} bytes (${perRow.toFixed(1)} bytes per row); SoQL and SQL queries` });
  },
  recuperabilidad: ({ storedReleases }) => {
    if (!storedReleases.total) return unknown(noRelease);
    return measured((100 * storedReleases.stored) / storedReleases.total, { es: `${storedReleases.stored} de ${storedReleases.total} versiones con sus archivos en el almacén`, en: `${storedReleases.stored} of ${storedReleases.total} releases with their files in the store` });
  },
};

export function assessCriteria(input: CriteriaInput): { criteria: CriterionResult[]; score: number } {
  const criteria = CRITERIA.map((id) => ({ id, label: CRITERION_LABELS[id], rule: RULES[id], ...MEASURES[id](input) }));
  let weight = 0;
  let sum = 0;
  for (const c of criteria) {
    if (c.score === null) continue;
    weight += input.rules.weights[c.id];
    sum += input.rules.weights[c.id] * c.score;
  }
  return { criteria, score: weight ? Math.round(sum / weight) : 0 };
}
