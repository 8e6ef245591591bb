import { BANDS } from '../../quality/mqa.ts';
import type { QualityAggregate } from '../../quality/service.ts';
import type { ErrorDetail } from '../../core/errors.ts';
import { formatDate, formatNumber } from '../../core/i18n.ts';
import { policy } from '../../catalog/access.ts';
import type { AssetView } from '../../catalog/assets.ts';
import type { Divipola } from '../../catalog/divipola.ts';
import type { EntityListItem, EntityView } from '../../catalog/entities.ts';
import { INSTRUMENTS } from '../../catalog/instruments.ts';
import { LEGAL_CLASSES, ORDENES, SECTORS, FORMATS, labelOf } from '../../catalog/vocabularies.ts';
import { ClassBadge, CsrfInput, ErrorSummary, Notice, Pagination, SelectField, TextField } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { href } from '../format.ts';

export function EntitiesPage({ c, entities, divipola, filters }: { c: PageContext; entities: EntityListItem[]; divipola: Divipola; filters: { sector?: string; orden?: string; department?: string } }) {
  const departments = { name: 'department', terms: divipola.departments().map((d) => ({ code: d.code, label: { es: d.name, en: d.name } })) };
  return (
    <Layout c={c} title={c.t({ es: 'Entidades', en: 'Entities' })} json={href('/api/v1/entities', filters)}>
      <h1>{c.t({ es: 'Entidades', en: 'Entities' })}</h1>
      <form method="get" class="filters">
        <SelectField c={c} name="sector" label={c.t({ es: 'Sector', en: 'Sector' })} vocabulary={SECTORS} value={filters.sector} emptyLabel={c.t({ es: 'Todos', en: 'All' })} />
        <SelectField c={c} name="orden" label={c.t({ es: 'Orden', en: 'Level' })} vocabulary={ORDENES} value={filters.orden} emptyLabel={c.t({ es: 'Todos', en: 'All' })} />
        <SelectField c={c} name="department" label={c.t({ es: 'Departamento', en: 'Department' })} vocabulary={departments} value={filters.department} emptyLabel={c.t({ es: 'Todos', en: 'All' })} />
        <button type="submit" class="secondary">{c.t({ es: 'Filtrar', en: 'Filter' })}</button>
      </form>
      <p>{c.t({ es: '{n} {n|entidad pública registrada|entidades públicas registradas}.', en: '{n} public {n|body|bodies} registered.' }, { n: formatNumber(entities.length, c.lang) })}</p>
      {policy.createEntity(c.actor) && (
        <p><a class="button" href="/entities/new">{c.t({ es: 'Registrar una entidad', en: 'Register an entity' })}</a></p>
      )}
      <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Tabla desplazable', en: 'Scrollable table' })}>
        <table>
          <caption class="visually-hidden">{c.t({ es: 'Entidades y número de activos', en: 'Entities and number of assets' })}</caption>
          <thead>
            <tr>
              <th scope="col">{c.t({ es: 'Entidad', en: 'Entity' })}</th>
              <th scope="col">NIT</th>
              <th scope="col">{c.t({ es: 'Sector', en: 'Sector' })}</th>
              <th scope="col">{c.t({ es: 'Orden', en: 'Level' })}</th>
              <th scope="col">{c.t({ es: 'Departamento', en: 'Department' })}</th>
              <th scope="col" class="num">{c.t({ es: 'Activos', en: 'Assets' })}</th>
            </tr>
          </thead>
          <tbody>
            {entities.map((e) => (
              <tr>
                <td><a href={`/entities/${e.nit}`}>{e.name}</a>{e.acronym && ` (${e.acronym})`}</td>
                <td>{e.nit}</td>
                <td>{labelOf(SECTORS, e.sector, c.lang)}</td>
                <td>{labelOf(ORDENES, e.orden, c.lang)}</td>
                <td>{divipola.label(e.department_code)}</td>
                <td class="num">{formatNumber(e.asset_count, c.lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

function InstrumentLinks({ c, nit }: { c: PageContext; nit: string }) {
  return (
    <ul class="instruments">
      {INSTRUMENTS.map((i) => (
        <li>
          <a href={`/entities/${nit}/instruments/${i.key}`}>{c.t(i.title)}</a>
          <span class="downloads">
            {(['xlsx', 'csv', 'json'] as const).map((f) => (
              <> <a href={`/entities/${nit}/instruments/${i.key}.${f}`} download>{f.toUpperCase()}<span class="visually-hidden"> {c.t(i.title)}</span></a></>
            ))}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function EntityPage({ c, entity, assets, count, hidden, notice, datasets, quality }: { c: PageContext; entity: EntityView; assets: AssetView[]; count: number; hidden: number; notice?: string; datasets: { id: string; title: string; current_release: number | null }[]; quality: QualityAggregate | undefined }) {
  const canWrite = policy.writeAssets(c.actor, entity.id);
  return (
    <Layout c={c} title={entity.name} json={`/api/v1/entities/${entity.nit}`} crumbs={[{ href: '/entities', label: c.t({ es: 'Entidades', en: 'Entities' }) }, { label: entity.name }]}>
      {notice && <Notice kind="success">{notice}</Notice>}
      <h1>{entity.name}{entity.acronym && <small> ({entity.acronym})</small>}</h1>
      <dl class="facts">
        <div><dt>NIT</dt><dd>{entity.nit_display}</dd></div>
        <div><dt>{c.t({ es: 'Identificador de miembro', en: 'Member identifier' })}</dt><dd><code>{entity.id}</code></dd></div>
        <div><dt>{c.t({ es: 'Sector', en: 'Sector' })}</dt><dd><a href={href('/search', { sector: entity.sector })}>{labelOf(SECTORS, entity.sector, c.lang)}</a></dd></div>
        <div><dt>{c.t({ es: 'Orden', en: 'Level' })}</dt><dd>{labelOf(ORDENES, entity.orden, c.lang)}</dd></div>
        <div><dt>{c.t({ es: 'Ubicación', en: 'Location' })}</dt><dd>{[...new Set([entity.municipality_name, entity.department_name].filter(Boolean))].join(', ')} ({[entity.municipality_code, entity.department_code].filter(Boolean).join(' / ')})</dd></div>
        {entity.website && <div><dt>{c.t({ es: 'Sitio web', en: 'Website' })}</dt><dd><a href={entity.website} rel="external">{entity.website}</a></dd></div>}
        {(entity.contact_name || entity.contact_email || entity.contact_phone) && (
          <div><dt>{c.t({ es: 'Contacto', en: 'Contact' })}</dt><dd>{[entity.contact_name, entity.contact_email, entity.contact_phone].filter(Boolean).join(' · ')}</dd></div>
        )}
      </dl>
      {entity.description && <p>{entity.description}</p>}
      <p class="actions">
        {canWrite && <a class="button" href={`/entities/${entity.nit}/inventory`}>{c.t({ es: 'Editar el inventario', en: 'Edit the inventory' })}</a>}
        {canWrite && <a class="button secondary" href={`/entities/${entity.nit}/import`}>{c.t({ es: 'Importar un Registro', en: 'Import a Register' })}</a>}
        {canWrite && <a class="button secondary" href={`/entities/${entity.nit}/datasets/new`}>{c.t({ es: 'Publicar datos', en: 'Publish data' })}</a>}
        {policy.editEntity(c.actor, entity.id) && <a class="button secondary" href={`/entities/${entity.nit}/edit`}>{c.t({ es: 'Editar la entidad', en: 'Edit the entity' })}</a>}
        {policy.managePeople(c.actor, entity.id) && <a class="button secondary" href={`/entities/${entity.nit}/people`}>{c.t({ es: 'Personas', en: 'People' })}</a>}
        <a class="button secondary" href={href('/ledger', { entity: entity.id })}>{c.t({ es: 'Registro de transparencia', en: 'Transparency ledger' })}</a>
      </p>

      <h2>{c.t({ es: 'Instrumentos de transparencia (Ley 1712 de 2014)', en: 'Transparency instruments (Law 1712 of 2014)' })}</h2>
      <InstrumentLinks c={c} nit={entity.nit} />

      {datasets.length > 0 && <>
        <h2>{c.t({ es: 'Datos publicados', en: 'Published data' })} <small>({formatNumber(datasets.length, c.lang)})</small></h2>
        <ul>{datasets.map((d) => <li><a href={`/datasets/${d.id}`}>{d.title}</a>{d.current_release === null && <span class="muted"> ({c.t({ es: 'sin publicar', en: 'unpublished' })})</span>}</li>)}</ul>
        {quality && quality.datasets > 0 && (
          <p>{c.t({ es: 'Calidad: metadatos {mqa} de 405 en promedio ({band}), criterios {criteria} de 100; {sealed} de {n} con sello 2 o 3.', en: 'Quality: metadata {mqa} of 405 on average ({band}), criteria {criteria} of 100; {sealed} of {n} with seal 2 or 3.' }, { mqa: quality.mqa_average ?? '—', band: quality.band ? c.t(BANDS[quality.band].label) : '—', criteria: quality.criteria_average ?? '—', sealed: quality.seals['2'] + quality.seals['3'], n: quality.datasets })} <a href="/quality">{c.t({ es: 'Calidad en el país', en: 'Quality nationwide' })}</a></p>
        )}
      </>}

      <h2>{c.t({ es: 'Activos de información', en: 'Information assets' })} <small>({formatNumber(count, c.lang)})</small></h2>
      {hidden > 0 && (
        <p class="muted">
          {c.t({ es: 'Además, la entidad tiene {n} {n|activo clasificado o reservado|activos clasificados o reservados}; su existencia y fundamento legal constan en el ', en: 'The entity also holds {n} classified or reserved {n|asset|assets}; their existence and legal grounds are listed in the ' }, { n: hidden })}
          <a href={`/entities/${entity.nit}/instruments/indice-clasificada`}>{c.t({ es: 'Índice de Información Clasificada y Reservada', en: 'Index of Classified and Reserved Information' })}</a>.
        </p>
      )}
      <AssetTable c={c} assets={assets} />
      {count > assets.length && (
        <p><a href={`/entities/${entity.nit}/inventory`}>{c.t({ es: 'Ver los {n} activos', en: 'See all {n} assets' }, { n: formatNumber(count, c.lang) })}</a></p>
      )}
    </Layout>
  );
}

export function AssetTable({ c, assets, editable }: { c: PageContext; assets: AssetView[]; editable?: boolean }) {
  if (assets.length === 0) return <p>{c.t({ es: 'No hay activos para mostrar.', en: 'There are no assets to show.' })}</p>;
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Tabla desplazable', en: 'Scrollable table' })}>
      <table>
        <caption class="visually-hidden">{c.t({ es: 'Activos de información', en: 'Information assets' })}</caption>
        <thead>
          <tr>
            <th scope="col">{c.t({ es: 'Nombre', en: 'Name' })}</th>
            <th scope="col">{c.t({ es: 'Formato', en: 'Format' })}</th>
            <th scope="col">{c.t({ es: 'Clasificación', en: 'Classification' })}</th>
            <th scope="col">{c.t({ es: 'Actualizado', en: 'Updated' })}</th>
            {editable && <th scope="col">{c.t({ es: 'Acciones', en: 'Actions' })}</th>}
          </tr>
        </thead>
        <tbody>
          {assets.map((a) => (
            <tr>
              <td><a href={`/assets/${a.id}`}>{a.title}</a>{a.code && <small class="muted"> · {a.code}</small>}</td>
              <td>{a.formats.map((f) => labelOf(FORMATS, f, c.lang)).join(', ')}</td>
              <td><ClassBadge c={c} legalClass={a.legal_class} /></td>
              <td>{formatDate(a.updated_at, c.lang)}</td>
              {editable && (
                <td class="nowrap">
                  <a href={`/assets/${a.id}/edit`}>{c.t({ es: 'Editar', en: 'Edit' })}<span class="visually-hidden"> {a.title}</span></a>{' · '}
                  <a href={`/assets/${a.id}/delete`}>{c.t({ es: 'Eliminar', en: 'Delete' })}<span class="visually-hidden"> {a.title}</span></a>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function InventoryPage({ c, entity, assets, count, page, pages, legalClass, notice }: { c: PageContext; entity: EntityView; assets: AssetView[]; count: number; page: number; pages: number; legalClass?: string; notice?: string }) {
  const canWrite = policy.writeAssets(c.actor, entity.id);
  return (
    <Layout
      c={c}
      title={c.t({ es: 'Inventario de {name}', en: 'Inventory of {name}' }, { name: entity.name })}
      json={href(`/api/v1/entities/${entity.nit}/assets`, { page: page > 1 ? page : undefined, legal_class: legalClass })}
      crumbs={[{ href: '/entities', label: c.t({ es: 'Entidades', en: 'Entities' }) }, { href: `/entities/${entity.nit}`, label: entity.name }, { label: c.t({ es: 'Inventario', en: 'Inventory' }) }]}
    >
      {notice && <Notice kind="success">{notice}</Notice>}
      <h1>{c.t({ es: 'Registro de Activos de Información', en: 'Register of Information Assets' })} <small>— {entity.name}</small></h1>
      {canWrite && (
        <p class="actions">
          <a class="button" href={`/entities/${entity.nit}/assets/new`}>{c.t({ es: 'Registrar un activo', en: 'Record an asset' })}</a>
          <a class="button secondary" href={`/entities/${entity.nit}/import`}>{c.t({ es: 'Importar un archivo', en: 'Import a file' })}</a>
        </p>
      )}
      <form method="get" class="filters">
        <label for="legal_class">{c.t({ es: 'Clasificación', en: 'Classification' })}</label>
        <select id="legal_class" name="legal_class">
          <option value="">{c.t({ es: 'Todas', en: 'All' })}</option>
          {LEGAL_CLASSES.terms.map((t) => <option value={t.code} selected={t.code === legalClass}>{t.label[c.lang]}</option>)}
        </select>
        <button type="submit" class="secondary">{c.t({ es: 'Filtrar', en: 'Filter' })}</button>
      </form>
      <p>{c.t({ es: '{n} {n|activo|activos}.', en: '{n} {n|asset|assets}.' }, { n: formatNumber(count, c.lang) })}</p>
      <AssetTable c={c} assets={assets} editable={canWrite} />
      <Pagination c={c} page={page} pages={pages} href={(p) => href(`/entities/${entity.nit}/inventory`, { page: p, legal_class: legalClass })} />
    </Layout>
  );
}

export interface EntityFormValues {
  [key: string]: string | undefined;
}

/** Public entities, and companies that share data of public interest (X-Road member classes). */
const MEMBER_CLASSES = { name: 'member_class', terms: [
  { code: 'GOV', label: { es: 'Entidad pública (GOV)', en: 'Public entity (GOV)' } },
  { code: 'COM', label: { es: 'Empresa con datos de interés público (COM)', en: 'Company with data of public interest (COM)' } },
] };

export function EntityFormPage({ c, entity, values, errors, divipola }: { c: PageContext; entity?: EntityView; values: EntityFormValues; errors: ErrorDetail[]; divipola: Divipola }) {
  const title = entity ? c.t({ es: 'Editar {name}', en: 'Edit {name}' }, { name: entity.name }) : c.t({ es: 'Registrar una entidad', en: 'Register an entity' });
  const departments = { name: 'department', terms: divipola.departments().map((d) => ({ code: d.code, label: { es: `${d.name} (${d.code})`, en: `${d.name} (${d.code})` } })) };
  const field = (name: string) => ({ c, name, errors, value: values[name] });
  return (
    <Layout c={c} title={title} json={entity ? `/api/v1/entities/${entity.nit}` : '/api/v1/entities'} crumbs={[{ href: '/entities', label: c.t({ es: 'Entidades', en: 'Entities' }) }, ...(entity ? [{ href: `/entities/${entity.nit}`, label: entity.name }] : []), { label: title }]}>
      <h1>{title}</h1>
      {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'Corrija estos datos', en: 'Fix these problems' }} details={errors} />}
      <form method="post" novalidate>
        <CsrfInput c={c} />
        {entity && <input type="hidden" name="version" value={String(entity.version)} />}
        {!entity && <TextField {...field('nit')} label={c.t({ es: 'NIT con dígito de verificación', en: 'NIT with verification digit' })} help={c.t({ es: 'Ej. 899999027-8', en: 'E.g. 899999027-8' })} required />}
        <TextField {...field('name')} label={c.t({ es: 'Nombre', en: 'Name' })} required />
        {!entity && <SelectField {...field('member_class')} vocabulary={MEMBER_CLASSES} label={c.t({ es: 'Clase de miembro', en: 'Member class' })} required />}
        <TextField {...field('acronym')} label={c.t({ es: 'Sigla', en: 'Acronym' })} />
        <SelectField {...field('sector')} vocabulary={SECTORS} label={c.t({ es: 'Sector', en: 'Sector' })} required />
        <SelectField {...field('orden')} vocabulary={ORDENES} label={c.t({ es: 'Orden', en: 'Level' })} required />
        <SelectField {...field('department_code')} vocabulary={departments} label={c.t({ es: 'Departamento (DIVIPOLA)', en: 'Department (DIVIPOLA)' })} required />
        <TextField {...field('municipality_code')} label={c.t({ es: 'Municipio (código DIVIPOLA de 5 dígitos)', en: 'Municipality (5-digit DIVIPOLA code)' })} help={c.t({ es: 'Ej. 05001 para Medellín. Déjelo vacío para una gobernación.', en: 'E.g. 05001 for Medellín. Leave empty for a department government.' })} />
        <TextField {...field('website')} type="url" label={c.t({ es: 'Sitio web', en: 'Website' })} />
        <TextField {...field('contact_name')} label={c.t({ es: 'Nombre de contacto', en: 'Contact name' })} />
        <TextField {...field('contact_email')} type="email" label={c.t({ es: 'Correo de contacto', en: 'Contact email' })} />
        <TextField {...field('contact_phone')} type="tel" label={c.t({ es: 'Teléfono de contacto', en: 'Contact phone' })} />
        <TextField {...field('description')} multiline label={c.t({ es: 'Descripción', en: 'Description' })} />
        <button type="submit">{c.t({ es: 'Guardar', en: 'Save' })}</button>
      </form>
    </Layout>
  );
}
