import type { Bilingual } from '../../core/errors.ts';
import { formatDate, formatNumber } from '../../core/i18n.ts';
import type { SignedCheckpoint, EntryView } from '../../ledger/service.ts';
import { Notice } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { href } from '../format.ts';

export const ENTRY_TYPES: Record<string, Bilingual> = {
  'asset.created': { es: 'Activo registrado', en: 'Asset recorded' },
  'asset.updated': { es: 'Activo modificado', en: 'Asset changed' },
  'asset.deleted': { es: 'Activo eliminado', en: 'Asset deleted' },
  'asset.classified': { es: 'Clasificación cambiada', en: 'Classification changed' },
  'entity.created': { es: 'Entidad registrada', en: 'Entity registered' },
  'entity.updated': { es: 'Entidad modificada', en: 'Entity changed' },
  'inventory.imported': { es: 'Registro de activos importado', en: 'Register imported' },
  'release.published': { es: 'Versión de datos publicada', en: 'Data release published' },
  'dp.budget_set': { es: 'Presupuesto de privacidad diferencial fijado', en: 'Differential privacy budget set' },
  'privacy.anonymized': { es: 'Carga anonimizada (k-anonimato)', en: 'Upload anonymized (k-anonymity)' },
  'privacy.justified': { es: 'Datos personales publicados con justificación legal', en: 'Personal data published with a legal justification' },
};

const typeLabel = (c: PageContext, type: string) => (ENTRY_TYPES[type] ? c.t(ENTRY_TYPES[type]!) : type);

function SubjectLink({ subject }: { subject: string }) {
  const [kind, id = ''] = subject.split(/:(.*)/s);
  if (kind === 'asset') return <a href={`/assets/${id}`}><code>{subject}</code></a>;
  if (kind === 'dataset') return <a href={`/datasets/${id}`}><code>{subject}</code></a>;
  if (kind === 'entity') return <a href={`/entities/${id.split('/').pop()}`}><code>{subject}</code></a>;
  return <code>{subject}</code>;
}

function CheckpointBox({ c, checkpoint }: { c: PageContext; checkpoint: SignedCheckpoint }) {
  return (
    <section aria-labelledby="checkpoint-title">
      <h2 id="checkpoint-title">{c.t({ es: 'Último punto de control firmado', en: 'Latest signed checkpoint' })}</h2>
      <dl class="facts">
        <div><dt>{c.t({ es: 'Entradas', en: 'Entries' })}</dt><dd>{formatNumber(checkpoint.size, c.lang)}</dd></div>
        <div><dt>{c.t({ es: 'Raíz del árbol de Merkle', en: 'Merkle tree root' })}</dt><dd><code class="hash">{checkpoint.root.toString('base64')}</code></dd></div>
        <div><dt>{c.t({ es: 'Firmado', en: 'Signed' })}</dt><dd>{formatDate(checkpoint.created_at, c.lang, true)}</dd></div>
        <div>
          <dt>{c.t({ es: 'Testigos que lo cosignaron', en: 'Witnesses that cosigned it' })}</dt>
          <dd>{checkpoint.cosignatures.length ? checkpoint.cosignatures.map((w) => `${w.witness} (${formatDate(new Date(w.signed_at * 1000), c.lang, true)})`).join(', ') : c.t({ es: 'Ninguno todavía', en: 'None yet' })}</dd>
        </div>
      </dl>
      <details>
        <summary>{c.t({ es: 'Texto firmado (formato C2SP)', en: 'Signed text (C2SP format)' })}</summary>
        <pre class="note">{checkpoint.note}</pre>
      </details>
    </section>
  );
}

export function LedgerPage({ c, checkpoint, entries, types, entities, filters, verifierKey, baseUrl }: {
  c: PageContext;
  checkpoint: SignedCheckpoint;
  entries: EntryView[];
  types: string[];
  entities: { id: string; name: string }[];
  filters: { entity?: string; type?: string; subject?: string };
  verifierKey: string;
  baseUrl: string;
}) {
  const names = new Map(entities.map((e) => [e.id, e.name]));
  const older = entries.length ? entries[entries.length - 1]!.index : undefined;
  return (
    <Layout c={c} title={c.t({ es: 'Registro de transparencia', en: 'Transparency ledger' })} json={href('/api/v1/ledger', filters)}>
      <h1>{c.t({ es: 'Registro de transparencia', en: 'Transparency ledger' })}</h1>
      <p class="lead">
        {c.t({
          es: 'Cada cambio del inventario del Estado, de sus entidades y de la clasificación de su información queda aquí, en un registro al que solo se puede añadir. Un árbol de Merkle y una firma digital hacen que nadie, ni siquiera quien opera la plataforma, pueda reescribir la historia sin que se note.',
          en: 'Every change to the State’s inventory, its entities and the classification of its information is kept here, in a log that can only grow. A Merkle tree and a digital signature make sure nobody, not even the platform’s operator, can rewrite history unnoticed.',
        })}
      </p>
      <CheckpointBox c={c} checkpoint={checkpoint} />
      <p>
        {c.t({ es: 'Verifíquelo usted mismo, sin confiar en este sitio:', en: 'Verify it yourself, without trusting this site:' })}{' '}
        <code>npx infradatos verify-ledger {baseUrl}</code>.{' '}
        {c.t({ es: 'Clave pública del registro:', en: 'The log’s public key:' })} <a href="/ledger/key"><code class="hash">{verifierKey}</code></a>
      </p>

      <h2>{c.t({ es: 'Entradas', en: 'Entries' })}</h2>
      <form method="get" class="filters">
        <div class="field">
          <label for="f-entity">{c.t({ es: 'Entidad', en: 'Entity' })}</label>
          <select id="f-entity" name="entity">
            <option value="">{c.t({ es: 'Todas', en: 'All' })}</option>
            {entities.map((e) => <option value={e.id} selected={e.id === filters.entity}>{e.name}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="f-type">{c.t({ es: 'Tipo', en: 'Type' })}</label>
          <select id="f-type" name="type">
            <option value="">{c.t({ es: 'Todos', en: 'All' })}</option>
            {types.map((t) => <option value={t} selected={t === filters.type}>{typeLabel(c, t)}</option>)}
          </select>
        </div>
        {filters.subject && <input type="hidden" name="subject" value={filters.subject} />}
        <button type="submit" class="secondary">{c.t({ es: 'Filtrar', en: 'Filter' })}</button>
      </form>
      {filters.subject && (
        <p>{c.t({ es: 'Solo las entradas de', en: 'Only the entries of' })} <SubjectLink subject={filters.subject} />. <a href={href('/ledger', { entity: filters.entity, type: filters.type })}>{c.t({ es: 'Ver todas', en: 'See all' })}</a></p>
      )}
      {entries.length === 0 ? <p>{c.t({ es: 'No hay entradas con estos filtros.', en: 'There are no entries with these filters.' })}</p> : (
        <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Entradas del registro', en: 'Ledger entries' })}>
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{c.t({ es: 'Fecha', en: 'Date' })}</th>
                <th scope="col">{c.t({ es: 'Qué pasó', en: 'What happened' })}</th>
                <th scope="col">{c.t({ es: 'Entidad', en: 'Entity' })}</th>
                <th scope="col">{c.t({ es: 'Sobre qué', en: 'About what' })}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr>
                  <td class="num"><a href={`/ledger/entry/${e.index}`}>{e.index}</a></td>
                  <td class="nowrap">{formatDate(e.time, c.lang, true)}</td>
                  <td>{typeLabel(c, e.type)}</td>
                  <td>{e.entity ? names.get(e.entity) ?? e.entity : '—'}</td>
                  <td><SubjectLink subject={e.subject} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {older !== undefined && older > 0 && entries.length >= 50 && (
        <p><a href={href('/ledger', { ...filters, before: older })} rel="next">{c.t({ es: 'Entradas anteriores →', en: 'Older entries →' })}</a></p>
      )}
    </Layout>
  );
}

export function LedgerEntryPage({ c, entry, checkpoint, proof, verified, reason, entityName, baseUrl }: {
  c: PageContext;
  entry: EntryView;
  checkpoint: SignedCheckpoint;
  proof: string[];
  verified: boolean;
  reason: string | null;
  entityName: string | null;
  baseUrl: string;
}) {
  const title = c.t({ es: 'Entrada {n} del registro', en: 'Ledger entry {n}' }, { n: entry.index });
  let pretty = entry.data;
  try {
    pretty = JSON.stringify(JSON.parse(entry.data), null, 2);
  } catch {
    /* shown as stored */
  }
  return (
    <Layout c={c} title={title} json={`/api/v1/ledger/entries/${entry.index}`} crumbs={[{ href: '/ledger', label: c.t({ es: 'Registro de transparencia', en: 'Transparency ledger' }) }, { label: title }]}>
      <h1>{title}</h1>
      {verified ? (
        <Notice kind="success">
          <strong>{c.t({ es: '✓ Verificado.', en: '✓ Verified.' })}</strong>{' '}
          {c.t({
            es: 'Esta entrada está incluida en el registro firmado de {size} entradas: su contenido da el hash de hoja que, con los {steps} hashes de la prueba, conduce exactamente a la raíz firmada. Cambiar una sola letra de la entrada rompería esa cadena.',
            en: 'This entry is included in the signed log of {size} entries: its content gives the leaf hash that, with the {steps} hashes of the proof, leads exactly to the signed root. Changing a single letter of the entry would break that chain.',
          }, { size: formatNumber(checkpoint.size, c.lang), steps: proof.length })}
        </Notice>
      ) : (
        <div class="error-summary" role="alert">
          <h2>{c.t({ es: '✗ No se pudo verificar esta entrada', en: '✗ This entry could not be verified' })}</h2>
          <p>{reason}</p>
        </div>
      )}
      <dl class="facts">
        <div><dt>{c.t({ es: 'Qué pasó', en: 'What happened' })}</dt><dd>{typeLabel(c, entry.type)}</dd></div>
        <div><dt>{c.t({ es: 'Fecha', en: 'Date' })}</dt><dd>{formatDate(entry.time, c.lang, true)}</dd></div>
        <div><dt>{c.t({ es: 'Entidad', en: 'Entity' })}</dt><dd>{entityName ?? entry.entity ?? '—'}</dd></div>
        <div><dt>{c.t({ es: 'Sobre qué', en: 'About what' })}</dt><dd><SubjectLink subject={entry.subject} /></dd></div>
        <div><dt>{c.t({ es: 'Quién (seudónimo)', en: 'Who (pseudonym)' })}</dt><dd><code>{entry.actor}</code></dd></div>
        <div><dt>{c.t({ es: 'Hash de hoja (SHA-256 de 0x00 ‖ datos)', en: 'Leaf hash (SHA-256 of 0x00 ‖ data)' })}</dt><dd><code class="hash">{entry.leaf_hash}</code></dd></div>
      </dl>
      <h2>{c.t({ es: 'Datos registrados (JSON canónico, RFC 8785)', en: 'Recorded data (canonical JSON, RFC 8785)' })}</h2>
      <pre class="note">{pretty}</pre>
      <h2>{c.t({ es: 'Prueba de inclusión', en: 'Inclusion proof' })}</h2>
      <p>{c.t({ es: 'En el árbol de {size} entradas con raíz {root}:', en: 'In the tree of {size} entries with root {root}:' }, { size: formatNumber(checkpoint.size, c.lang), root: checkpoint.root.toString('base64') })}</p>
      <ol class="proof">{proof.map((h) => <li><code class="hash">{h}</code></li>)}</ol>
      <p>
        {c.t({ es: 'Compruébelo por su cuenta:', en: 'Check it on your own:' })} <code>npx infradatos verify-ledger {baseUrl} --entry {entry.index}</code>
      </p>
    </Layout>
  );
}
