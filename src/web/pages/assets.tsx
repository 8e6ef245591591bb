import type { ErrorDetail } from '../../core/errors.ts';
import { formatDate } from '../../core/i18n.ts';
import { policy } from '../../catalog/access.ts';
import { ASSET_FIELDS, COUNTRY_CODE, type AssetFieldKey, type FieldSpec } from '../../catalog/asset-fields.ts';
import type { AssetView } from '../../catalog/assets.ts';
import type { Divipola } from '../../catalog/divipola.ts';
import type { EntityView } from '../../catalog/entities.ts';
import { labelOf } from '../../catalog/vocabularies.ts';
import type { FieldChange } from '../../store/schema.ts';
import { CheckboxField, CheckboxesField, ClassBadge, CsrfInput, ErrorSummary, Notice, SelectField, TextField } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { href, yesNo } from '../format.ts';

const GROUPS: { key: FieldSpec['group']; title: { es: string; en: string } }[] = [
  { key: 'registro', title: { es: 'Registro de Activos de Información', en: 'Register of Information Assets' } },
  { key: 'responsables', title: { es: 'Responsables y vigencia', en: 'Responsibility and currency' } },
  { key: 'clasificacion', title: { es: 'Clasificación', en: 'Classification' } },
  { key: 'dcat', title: { es: 'Metadatos para publicación (DCAT)', en: 'Publication metadata (DCAT)' } },
];

export function displayValue(c: PageContext, spec: FieldSpec, value: unknown, divipola: Divipola): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return '—';
  if (spec.kind === 'boolean') return yesNo(Boolean(value), c.lang);
  if (spec.kind === 'date') return formatDate(String(value), c.lang);
  if (spec.kind === 'choice') return labelOf(spec.vocabulary!, String(value), c.lang);
  if (spec.kind === 'choices') return (value as string[]).map((v) => labelOf(spec.vocabulary!, v, c.lang)).join(', ');
  if (spec.kind === 'places') return (value as string[]).map((p) => (p === COUNTRY_CODE ? c.t({ es: 'Colombia (nacional)', en: 'Colombia (national)' }) : `${divipola.label(p)} (${p})`)).join(', ');
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

export function AssetPage({ c, asset, divipola, notice }: { c: PageContext; asset: AssetView; divipola: Divipola; notice?: string }) {
  const canWrite = policy.writeAssets(c.actor, asset.entity_id);
  return (
    <Layout
      c={c}
      title={asset.title}
      json={`/api/v1/assets/${asset.id}`}
      crumbs={[{ href: '/entities', label: c.t({ es: 'Entidades', en: 'Entities' }) }, { href: `/entities/${asset.entity.nit}`, label: asset.entity.name }, { label: asset.title }]}
    >
      {notice && <Notice kind="success">{notice}</Notice>}
      <h1>{asset.title} <ClassBadge c={c} legalClass={asset.legal_class} /></h1>
      <p class="meta">
        <a href={`/entities/${asset.entity.nit}`}>{asset.entity.name}</a> · {c.t({ es: 'versión', en: 'version' })} {asset.version} ·{' '}
        {c.t({ es: 'actualizado', en: 'updated' })} {formatDate(asset.updated_at, c.lang, true)}
      </p>
      <p class="actions">
        {canWrite && <a class="button" href={`/assets/${asset.id}/edit`}>{c.t({ es: 'Editar', en: 'Edit' })}</a>}
        <a class="button secondary" href={`/assets/${asset.id}/history`}>{c.t({ es: 'Historial de cambios', en: 'Change history' })}</a>
        <a class="button secondary" href={href('/ledger', { subject: `asset:${asset.id}` })}>{c.t({ es: 'En el registro de transparencia', en: 'In the transparency ledger' })}</a>
        {canWrite && <a class="button danger" href={`/assets/${asset.id}/delete`}>{c.t({ es: 'Eliminar', en: 'Delete' })}</a>}
      </p>
      <section aria-labelledby="manejo">
        <h2 id="manejo">{c.t({ es: 'Regla de manejo: {rule}', en: 'Handling rule: {rule}' }, { rule: c.t(asset.handling.label) })}</h2>
        {asset.classification_assumed && <Notice kind="warning">{c.t({ es: 'El registro dejó en blanco la clasificación (Ley 1712) o la clase de datos personales (Ley 1581) de este activo y se supuso pública y sin datos personales. El responsable de datos de la entidad debe confirmarla o corregirla al editar el activo; mientras tanto figura en el tablero de vigilancia.', en: 'The register left this asset’s classification (Ley 1712) or personal-data class (Ley 1581) blank, and public without personal data was assumed. The entity’s data steward must confirm or correct it by editing the asset; until then it shows on the oversight board.' })}</Notice>}
        <ul>{asset.handling.reasons.map((r) => <li>{c.t(r)}</li>)}</ul>
      </section>
      {GROUPS.map((group) => (
        <section aria-labelledby={`g-${group.key}`}>
          <h2 id={`g-${group.key}`}>{c.t(group.title)}</h2>
          <dl class="facts">
            {ASSET_FIELDS.filter((f) => f.group === group.key).map((spec) => {
              const value = asset[spec.key];
              if (spec.group === 'clasificacion' && asset.legal_class === 'publica' && ['exception_ground', 'exception_norm', 'exception_scope', 'classified_on', 'exception_until'].includes(spec.key)) return null;
              return (
                <div>
                  <dt>{c.t(spec.label)}</dt>
                  <dd>{spec.kind === 'url' && value ? <a href={String(value)} rel="external">{String(value)}</a> : displayValue(c, spec, value, divipola)}</dd>
                </div>
              );
            })}
          </dl>
        </section>
      ))}
    </Layout>
  );
}

/** Converts stored values to what the form's inputs show. */
export function formValuesOf(asset: Partial<Record<AssetFieldKey, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of ASSET_FIELDS) {
    const value = asset[spec.key];
    if (spec.kind === 'choices') out[spec.key] = Array.isArray(value) ? value : value ? [value] : [];
    else if (spec.kind === 'list' || spec.kind === 'places') out[spec.key] = Array.isArray(value) ? value.join(', ') : value ?? '';
    else if (spec.kind === 'boolean') out[spec.key] = value === true || value === 'si';
    else out[spec.key] = value ?? '';
  }
  return out;
}

interface AssetFormProps {
  c: PageContext;
  entity: EntityView;
  asset?: AssetView;
  values: Record<string, unknown>;
  errors: ErrorDetail[];
  conflict?: string;
}

export function AssetFormPage({ c, entity, asset, values, errors, conflict }: AssetFormProps) {
  const title = asset ? c.t({ es: 'Editar «{title}»', en: 'Edit “{title}”' }, { title: asset.title }) : c.t({ es: 'Registrar un activo de información', en: 'Record an information asset' });
  // An editor proposes the classification of a new asset; only a steward changes an existing one.
  const lockClassification = !!asset && !policy.classify(c.actor, entity.id);
  const input = (spec: FieldSpec) => {
    const disabled = lockClassification && spec.classification;
    const common = { c, name: spec.key, label: c.t(spec.label), errors, required: spec.required, help: spec.help ? c.t(spec.help) : undefined, disabled };
    const value = values[spec.key];
    switch (spec.kind) {
      case 'longtext': return <TextField {...common} multiline value={String(value ?? '')} />;
      case 'choice': return <SelectField {...common} vocabulary={spec.vocabulary!} value={String(value ?? '')} />;
      case 'choices': return <CheckboxesField {...common} vocabulary={spec.vocabulary!} values={(value as string[]) ?? []} />;
      case 'boolean': return <CheckboxField {...common} checked={value === true} />;
      case 'date': return <TextField {...common} type={spec.key === 'exception_until' ? 'text' : 'date'} value={String(value ?? '')} />;
      case 'url': return <TextField {...common} type="url" value={String(value ?? '')} />;
      case 'email': return <TextField {...common} type="email" value={String(value ?? '')} />;
      default: return <TextField {...common} value={String(value ?? '')} />;
    }
  };
  const editable = ASSET_FIELDS.filter((f) => !(lockClassification && f.classification)).map((f) => f.key);
  return (
    <Layout
      c={c}
      title={title}
      json={asset ? `/api/v1/assets/${asset.id}` : `/api/v1/entities/${entity.nit}/assets`}
      crumbs={[{ href: `/entities/${entity.nit}`, label: entity.name }, { href: `/entities/${entity.nit}/inventory`, label: c.t({ es: 'Inventario', en: 'Inventory' }) }, { label: title }]}
    >
      <h1>{title}</h1>
      {conflict && <div class="error-summary" role="alert"><p>{conflict}</p></div>}
      {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'Corrija estos datos', en: 'Fix these problems' }} details={errors} />}
      <form method="post" novalidate class="asset-form">
        <CsrfInput c={c} />
        <input type="hidden" name="_fields" value={editable.join(',')} />
        {asset && <input type="hidden" name="version" value={String(values.version ?? asset.version)} />}
        {GROUPS.map((group) => (
          <fieldset>
            <legend>{c.t(group.title)}</legend>
            {group.key === 'clasificacion' && lockClassification && (
              <p class="help">{c.t({ es: 'Solo el responsable de datos de la entidad puede cambiar la clasificación.', en: "Only the entity's data steward can change the classification." })}</p>
            )}
            {ASSET_FIELDS.filter((f) => f.group === group.key).map(input)}
          </fieldset>
        ))}
        {asset && <TextField c={c} name="reason" label={c.t({ es: 'Motivo del cambio (queda en el historial y en el registro público de transparencia)', en: 'Reason for the change (kept in the history and in the public transparency ledger)' })} errors={errors} value={String(values.reason ?? '')} />}
        <button type="submit">{c.t({ es: 'Guardar', en: 'Save' })}</button>
      </form>
    </Layout>
  );
}

export function DeleteAssetPage({ c, asset }: { c: PageContext; asset: AssetView }) {
  const title = c.t({ es: 'Eliminar «{title}»', en: 'Delete “{title}”' }, { title: asset.title });
  return (
    <Layout c={c} title={title} json={`/api/v1/assets/${asset.id}`} crumbs={[{ href: `/entities/${asset.entity.nit}`, label: asset.entity.name }, { href: `/assets/${asset.id}`, label: asset.title }, { label: c.t({ es: 'Eliminar', en: 'Delete' }) }]}>
      <h1>{title}</h1>
      <p>{c.t({ es: 'El activo saldrá del inventario y de los instrumentos de la entidad. Su historial de cambios se conserva.', en: "The asset will leave the entity's inventory and instruments. Its change history is kept." })}</p>
      <form method="post">
        <CsrfInput c={c} />
        <input type="hidden" name="version" value={String(asset.version)} />
        <button type="submit" class="danger">{c.t({ es: 'Sí, eliminar', en: 'Yes, delete' })}</button>{' '}
        <a href={`/assets/${asset.id}`}>{c.t({ es: 'Cancelar', en: 'Cancel' })}</a>
      </form>
    </Layout>
  );
}

interface HistoryEntry {
  id: number;
  version: number | null;
  action: string;
  actor_label: string;
  at: Date;
  changes: FieldChange[];
  reason: string | null;
}

export function HistoryPage({ c, asset, entries }: { c: PageContext; asset: AssetView; entries: HistoryEntry[] }) {
  const title = c.t({ es: 'Historial de «{title}»', en: 'History of “{title}”' }, { title: asset.title });
  const actions: Record<string, { es: string; en: string }> = { create: { es: 'Creación', en: 'Created' }, update: { es: 'Modificación', en: 'Changed' }, delete: { es: 'Eliminación', en: 'Deleted' } };
  const fieldLabel = (key: string) => {
    const spec = ASSET_FIELDS.find((f) => f.key === key);
    return spec ? c.t(spec.label) : key;
  };
  const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : Array.isArray(v) ? v.join(', ') : String(v));
  return (
    <Layout c={c} title={title} json={`/api/v1/assets/${asset.id}/history`} crumbs={[{ href: `/entities/${asset.entity.nit}`, label: asset.entity.name }, { href: `/assets/${asset.id}`, label: asset.title }, { label: c.t({ es: 'Historial', en: 'History' }) }]}>
      <h1>{title}</h1>
      <ol class="history">
        {entries.map((e) => (
          <li>
            <h2>
              {c.t(actions[e.action] ?? { es: e.action, en: e.action })} · {c.t({ es: 'versión', en: 'version' })} {e.version ?? '—'}
            </h2>
            <p class="meta">{e.actor_label} · {formatDate(e.at, c.lang, true)}{e.reason && ` · ${e.reason}`}</p>
            {e.action === 'update' && (
              <table>
                <thead><tr><th scope="col">{c.t({ es: 'Campo', en: 'Field' })}</th><th scope="col">{c.t({ es: 'Antes', en: 'Before' })}</th><th scope="col">{c.t({ es: 'Después', en: 'After' })}</th></tr></thead>
                <tbody>
                  {e.changes.map((ch) => (
                    <tr><th scope="row">{fieldLabel(ch.field)}</th><td>{show(ch.from)}</td><td>{show(ch.to)}</td></tr>
                  ))}
                </tbody>
              </table>
            )}
          </li>
        ))}
      </ol>
    </Layout>
  );
}
