import { sql } from 'kysely';
import type { Bilingual } from '../core/errors.ts';
import { notFound } from '../core/errors.ts';
import type { Lang } from '../core/i18n.ts';
import type { Context } from '../store/context.ts';
import type { AssetRow } from '../store/schema.ts';
import { policy } from './access.ts';
import { requireEntity } from './entities.ts';
import {
  AVAILABILITY, EXCEPTION_GROUNDS, EXCEPTION_SCOPES, FORMATS, FREQUENCIES, LANGUAGES, LEGAL_CLASSES, MEDIA, labelOf, term,
} from './vocabularies.ts';

type Value = (asset: AssetRow, lang: Lang) => string;

interface Column {
  key: string;
  header: Bilingual;
  value: Value;
}

export interface Instrument {
  key: 'registro-activos' | 'indice-clasificada' | 'esquema-publicacion';
  title: Bilingual;
  basis: Bilingual;
  columns: Column[];
  includes(asset: Pick<AssetRow, 'legal_class' | 'availability'>): boolean;
  /** True when the public sees every row (with these columns only), as the law requires. */
  publicByLaw: boolean;
}

const list = (codes: string[], vocab: Parameters<typeof labelOf>[0], lang: Lang) => codes.map((c) => labelOf(vocab, c, lang)).join(', ');

const title: Column = { key: 'title', header: { es: 'Nombre o título de la categoría de información', en: 'Name or title of the information category' }, value: (a) => a.title };
const language: Column = { key: 'language', header: { es: 'Idioma', en: 'Language' }, value: (a, l) => labelOf(LANGUAGES, a.language, l) };
const medium: Column = { key: 'medium', header: { es: 'Medio de conservación y/o soporte', en: 'Storage medium' }, value: (a, l) => labelOf(MEDIA, a.medium, l) };
const format: Column = { key: 'formats', header: { es: 'Formato', en: 'Format' }, value: (a, l) => list(a.formats, FORMATS, l) };
const generated: Column = { key: 'generated_on', header: { es: 'Fecha de generación de la información', en: 'Date the information was generated' }, value: (a) => a.generated_on ?? '' };
const producer: Column = { key: 'producer', header: { es: 'Nombre del responsable de la producción de la información', en: 'Responsible for producing the information' }, value: (a) => a.producer ?? '' };
const owner: Column = { key: 'owner', header: { es: 'Nombre del responsable de la información', en: 'Responsible for the information' }, value: (a) => a.owner ?? '' };
const where = (a: AssetRow) => [a.published_where, a.link].filter(Boolean).join(' — ');

/** The three instruments of Ley 1712 de 2014 (art. 13, 20) and Decreto 1081 de 2015, as views of the inventory. */
export const INSTRUMENTS: Instrument[] = [
  {
    key: 'registro-activos',
    title: { es: 'Registro de Activos de Información', en: 'Register of Information Assets' },
    basis: { es: 'Ley 1712 de 2014, art. 13; Decreto 1081 de 2015, art. 2.1.1.5.1.1 y siguientes.', en: 'Law 1712 of 2014, art. 13; Decree 1081 of 2015, art. 2.1.1.5.1.1 ff.' },
    publicByLaw: false,
    includes: () => true,
    columns: [
      { key: 'code', header: { es: 'Identificador', en: 'Identifier' }, value: (a) => a.code ?? '' },
      title,
      { key: 'description', header: { es: 'Descripción del contenido de la categoría de la información', en: 'Description of the content' }, value: (a) => a.description },
      language,
      medium,
      format,
      { key: 'availability', header: { es: 'Información publicada o disponible', en: 'Information published or available' }, value: (a, l) => labelOf(AVAILABILITY, a.availability, l) },
      { key: 'where', header: { es: 'Lugar de consulta o enlace', en: 'Where to consult it or link' }, value: where },
      { key: 'legal_class', header: { es: 'Clasificación', en: 'Classification' }, value: (a, l) => labelOf(LEGAL_CLASSES, a.legal_class, l) },
    ],
  },
  {
    key: 'indice-clasificada',
    title: { es: 'Índice de Información Clasificada y Reservada', en: 'Index of Classified and Reserved Information' },
    basis: { es: 'Ley 1712 de 2014, art. 20; Decreto 1081 de 2015, art. 2.1.1.5.2.1.', en: 'Law 1712 of 2014, art. 20; Decree 1081 of 2015, art. 2.1.1.5.2.1.' },
    publicByLaw: true,
    includes: (a) => a.legal_class !== 'publica',
    columns: [
      title,
      { key: 'information', header: { es: 'Nombre o título de la información', en: 'Name or title of the information' }, value: (a) => a.title },
      language,
      medium,
      generated,
      producer,
      owner,
      { key: 'aim', header: { es: 'Objetivo legítimo de la excepción', en: 'Legitimate aim of the exception' }, value: (a, l) => term(EXCEPTION_GROUNDS, a.exception_ground)?.label[l].replace(/^Art\. \d+ (\w+\) |parágrafo: |paragraph: )/, '') ?? '' },
      { key: 'norm', header: { es: 'Fundamento constitucional o legal', en: 'Constitutional or legal basis' }, value: (a) => a.exception_norm ?? '' },
      { key: 'ground', header: { es: 'Fundamento jurídico de la excepción', en: 'Legal ground of the exception' }, value: (a, l) => (a.exception_ground ? `Ley 1712 de 2014, ${term(EXCEPTION_GROUNDS, a.exception_ground)?.label[l].split(' ').slice(0, 3).join(' ')}` : '') },
      { key: 'scope', header: { es: 'Excepción total o parcial', en: 'Total or partial exception' }, value: (a, l) => labelOf(EXCEPTION_SCOPES, a.exception_scope, l) },
      { key: 'classified_on', header: { es: 'Fecha de la calificación', en: 'Date of the classification' }, value: (a) => a.classified_on ?? '' },
      { key: 'term', header: { es: 'Plazo de la clasificación o reserva', en: 'Term of the classification or reserve' }, value: (a, l) => a.exception_until ?? (l === 'es' ? 'Ilimitado' : 'Unlimited') },
      { key: 'legal_class', header: { es: 'Clasificación', en: 'Classification' }, value: (a, l) => labelOf(LEGAL_CLASSES, a.legal_class, l) },
    ],
  },
  {
    key: 'esquema-publicacion',
    title: { es: 'Esquema de Publicación de Información', en: 'Information Publication Scheme' },
    basis: { es: 'Ley 1712 de 2014, art. 12; Decreto 1081 de 2015, art. 2.1.1.5.3.1.', en: 'Law 1712 of 2014, art. 12; Decree 1081 of 2015, art. 2.1.1.5.3.1.' },
    publicByLaw: false,
    includes: (a) => a.legal_class === 'publica' && a.availability === 'publicada',
    columns: [
      { ...title, header: { es: 'Nombre o título de la información', en: 'Name or title of the information' } },
      language,
      medium,
      format,
      generated,
      { key: 'frequency', header: { es: 'Frecuencia de actualización', en: 'Update frequency' }, value: (a, l) => labelOf(FREQUENCIES, a.update_frequency, l) },
      { key: 'where', header: { es: 'Lugar de consulta', en: 'Where to consult it' }, value: where },
      producer,
      owner,
    ],
  },
];

export function findInstrument(key: string): Instrument {
  const found = INSTRUMENTS.find((i) => i.key === key);
  if (!found) throw notFound({ es: `el instrumento «${key}»`, en: `instrument "${key}"` });
  return found;
}

export interface InstrumentTable {
  instrument: Instrument['key'];
  title: string;
  basis: string;
  entity: { id: string; nit: string; name: string };
  generated_at: string;
  /** Rows the caller cannot see in this instrument (the public sees only public assets in the Registro). */
  hidden: number;
  columns: { key: string; header: string }[];
  rows: Record<string, string>[];
  asset_ids: (string | null)[];
}

/**
 * Builds an instrument for an entity as the caller may see it. The Índice is public by law for every
 * classified or reserved category (with its legal columns only); the other two show the public
 * assets to outsiders and everything to the entity's own people and the national data office.
 */
export async function buildInstrument(ctx: Context, entityKey: string, key: string, lang: Lang): Promise<InstrumentTable> {
  const instrument = findInstrument(key);
  const entity = await requireEntity(ctx, entityKey);
  const full = policy.readNonPublic(ctx.actor, entity.id);
  const rows = await ctx.db.selectFrom('assets').selectAll().where('entity_id', '=', entity.id).orderBy(sql`title_key COLLATE "C"`).execute();
  const included = rows.filter((a) => instrument.includes(a));
  const visible = included.filter((a) => full || instrument.publicByLaw || a.legal_class === 'publica');
  return {
    instrument: instrument.key,
    title: instrument.title[lang],
    basis: instrument.basis[lang],
    entity: { id: entity.id, nit: entity.nit, name: entity.name },
    generated_at: ctx.clock.now().toISOString(),
    hidden: included.length - visible.length,
    columns: instrument.columns.map((c) => ({ key: c.key, header: c.header[lang] })),
    rows: visible.map((a) => Object.fromEntries(instrument.columns.map((c) => [c.key, c.value(a, lang)]))),
    // Links to asset pages only where the caller may open them.
    asset_ids: visible.map((a) => (full || a.legal_class === 'publica' ? a.id : null)),
  };
}

