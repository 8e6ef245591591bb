import { demand } from '../catalog/access.ts';
import { actorId, type Actor } from '../core/actor.ts';
import { AppError, notFound, Problems } from '../core/errors.ts';
import type { Context } from '../store/context.ts';
import type { Db } from '../store/database.ts';

/** The norms a request may cite as its legal basis; the national data office keeps the catalog. */
const BUILTIN = [
  { id: 'ley-1581-2012-art-10a', title: 'Ley 1581 de 2012', article: 'Artículo 10, literal a)', summary: 'No se requiere la autorización del titular cuando la información es requerida por una entidad pública o administrativa en ejercicio de sus funciones legales o por orden judicial.' },
  { id: 'ley-1581-2012-art-13b', title: 'Ley 1581 de 2012', article: 'Artículo 13, literal b)', summary: 'La información que reúna las condiciones de la ley podrá suministrarse a las entidades públicas o administrativas en ejercicio de sus funciones legales o por orden judicial.' },
  { id: 'ley-1712-2014-art-18', title: 'Ley 1712 de 2014', article: 'Artículo 18', summary: 'Información exceptuada por daño de derechos a personas naturales o jurídicas: su acceso puede negarse al público, no a quien la ley faculta.' },
  { id: 'ley-1712-2014-art-19', title: 'Ley 1712 de 2014', article: 'Artículo 19', summary: 'Información exceptuada por daño a los intereses públicos: reservada durante el término que fija la ley.' },
] as const;

export async function ensureBuiltinNorms(db: Db): Promise<void> {
  const now = new Date();
  for (const norm of BUILTIN) await db.insertInto('norms').values({ ...norm, created_at: now, created_by: null }).onConflict((oc) => oc.column('id').doNothing()).execute();
}

export const listNorms = (ctx: Context) => ctx.db.selectFrom('norms').selectAll().orderBy('title').orderBy('article').execute();

export async function requireNorm(ctx: Context, id: string) {
  const norm = await ctx.db.selectFrom('norms').selectAll().where('id', '=', id).executeTakeFirst();
  if (!norm) throw notFound({ es: `la norma «${id}»`, en: `norm "${id}"` });
  return norm;
}

/** The national data office keeps the catalog. */
export const mayEditNorms = (actor: Actor) => actor.kind === 'system' || (actor.kind === 'person' && actor.roles.includes('data_office'));

export async function createNorm(ctx: Context, input: { id?: unknown; title?: unknown; article?: unknown; summary?: unknown }) {
  demand(mayEditNorms(ctx.actor), ctx.actor);
  const problems = new Problems();
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const id = text(input.id);
  if (!/^[a-z0-9][a-z0-9-]{2,99}$/.test(id)) problems.add('id', { es: 'Identificador en minúsculas, dígitos y guiones.', en: 'An identifier of lower-case letters, digits and hyphens.' }, id);
  for (const key of ['title', 'article', 'summary'] as const) if (text(input[key]).length < 3) problems.add(key, { es: 'Obligatorio.', en: 'Required.' });
  problems.throwIfAny({ es: 'La norma tiene datos inválidos.', en: 'The norm has invalid data.' });
  const inserted = await ctx.db.insertInto('norms').values({ id, title: text(input.title), article: text(input.article), summary: text(input.summary), created_at: ctx.clock.now(), created_by: actorId(ctx.actor) })
    .onConflict((oc) => oc.column('id').doNothing()).returningAll().executeTakeFirst();
  if (!inserted) {
    const message = { es: `Ya existe la norma «${id}».`, en: `Norm "${id}" already exists.` };
    throw new AppError('conflict', message, [{ field: 'id', message, value: id }]);
  }
  return inserted;
}
