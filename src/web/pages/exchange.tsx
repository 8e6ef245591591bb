import type { ErrorDetail } from '../../core/errors.ts';
import { formatDate } from '../../core/i18n.ts';
import type { oversightBoard, oversightOfEntity } from '../../exchange/oversight.ts';
import type { publishedRulings } from '../../exchange/disputes.ts';
import { COMMITMENTS, COMMITMENT_LABELS, type entityRequests, type requestableDatasets, type requestWithGrant } from '../../exchange/requests.ts';
import type { NormsTable } from '../../store/schema.ts';
import { CsrfInput, ErrorSummary, Notice } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { DivipolaStatus } from '../../catalog/divipola.ts';
import { DivipolaNotice } from './divipola.tsx';
import type { PageContext } from '../page-context.ts';

type Requestable = Awaited<ReturnType<typeof requestableDatasets>>;
type EntityRequests = Awaited<ReturnType<typeof entityRequests>>;
type Norm = Pick<NormsTable, 'id' | 'title' | 'article' | 'summary'>;
type RequestWithGrant = Awaited<ReturnType<typeof requestWithGrant>>;

const GRANT_STATE = {
  active: { es: 'vigente', en: 'active' },
  expired: { es: 'vencida', en: 'expired' },
  revoked: { es: 'revocada', en: 'revoked' },
} as const;

/** The grant a request produced: what it allows, until when, how it was used; how to read it; revocation. */
function GrantSection({ c, grant, requestId, canRevoke, canRead, requesterNit, baseUrl }: { c: PageContext; grant: NonNullable<RequestWithGrant['grant']>; requestId: string; canRevoke: boolean; canRead: boolean; requesterNit: string; baseUrl: string }) {
  const filter = Object.entries(grant.row_filter);
  return (
    <section aria-labelledby="autorizacion">
      <h2 id="autorizacion">{c.t({ es: 'Autorización', en: 'Grant' })}: {c.t(GRANT_STATE[grant.state])}</h2>
      <dl class="facts">
        <div><dt>{c.t({ es: 'Campos autorizados', en: 'Granted fields' })}</dt><dd>{grant.fields.map((f) => <code>{f} </code>)}</dd></div>
        <div><dt>{c.t({ es: 'Filas', en: 'Rows' })}</dt><dd>{filter.length ? filter.map(([k, v]) => `${k} ∈ {${v.join(', ')}}`).join('; ') : c.t({ es: 'Todas', en: 'All' })}</dd></div>
        <div><dt>{c.t({ es: 'Vigencia', en: 'Valid' })}</dt><dd>{formatDate(grant.starts_at, c.lang, true)} – {formatDate(grant.expires_at, c.lang, true)}</dd></div>
        <div><dt>{c.t({ es: 'Lecturas', en: 'Reads' })}</dt><dd>{grant.reads}{grant.last_read_at && <> · {c.t({ es: 'última', en: 'last' })} {formatDate(grant.last_read_at, c.lang, true)}</>}</dd></div>
        {grant.revoked_at && <div><dt>{c.t({ es: 'Revocada', en: 'Revoked' })}</dt><dd>{formatDate(grant.revoked_at, c.lang, true)}: {grant.revoke_reason}</dd></div>}
      </dl>
      {canRead && grant.state === 'active' && (
        <p>{c.t({ es: 'Su entidad lee estos datos con solicitudes firmadas por uno de sus ', en: 'Your entity reads these data with requests signed by one of its ' })}<a href={`/entities/${requesterNit}/exchange-clients`}>{c.t({ es: 'clientes', en: 'client credentials' })}</a>: <code>npx infradatos exchange get {baseUrl}/api/v1/exchange/{grant.dataset_id} --client CO/GOV/{requesterNit}/SUBSISTEMA --key CLAVE.pem</code></p>
      )}
      {canRevoke && grant.state === 'active' && (
        <form method="post" action={`/access-requests/${requestId}/revoke`}>
          <CsrfInput c={c} />
          <div class="field"><label for="f-reason">{c.t({ es: 'Revocar la autorización: por qué', en: 'Revoke the grant: why' })}</label><textarea id="f-reason" name="reason" rows={2} required></textarea></div>
          <button type="submit" class="danger">{c.t({ es: 'Revocar', en: 'Revoke' })}</button>
        </form>
      )}
    </section>
  );
}

export const STATUS = {
  submitted: { es: 'En estudio', en: 'Under review' },
  info_requested: { es: 'Se pidió información', en: 'Information requested' },
  approved: { es: 'Aprobada', en: 'Approved' },
  denied: { es: 'Negada', en: 'Denied' },
} as const;

function NormSelect({ c, id, name, norms, selected }: { c: PageContext; id: string; name: string; norms: Norm[]; selected?: string }) {
  return <select id={id} name={name} required><option value="">{c.t({ es: '— Elija la norma —', en: '— Choose the norm —' })}</option>{norms.map((n) => <option value={n.id} selected={selected === n.id}>{`${n.title}, ${n.article}`}</option>)}</select>;
}

/** Sharing between entities: what the entity may ask for, and its requests sent and received. */
export function ExchangePage({ c, requestable, requests, entityNit }: { c: PageContext; requestable: Requestable; requests: EntityRequests; entityNit: string }) {
  const title = c.t({ es: 'Intercambio de datos entre entidades', en: 'Data sharing between entities' });
  return (
    <Layout c={c} title={title} json={`/api/v1/entities/${entityNit}/access-requests`}>
      <h1>{title}</h1>
      <p class="lead">{c.t({ es: 'Pida a otra entidad datos que no son abiertos, con la norma que la faculta y justificando cada campo. La entidad proveedora responde en 10 días hábiles; si niega o no responde, puede acudir al árbitro.', en: 'Ask another entity for data that are not open, with the norm that empowers you and a reason for each field. The provider answers within 10 business days; if it denies or stays silent, you may go to the arbiter.' })} </p>
      <ul class="links">
        <li><a href={`/entities/${entityNit}/exchange-clients`}>{c.t({ es: 'Clientes de su entidad (claves para leer lo autorizado)', en: 'Your entity’s client credentials (keys to read what is granted)' })}</a></li>
        <li><a href={`/entities/${entityNit}/accountability`}>{c.t({ es: 'Responsabilidad demostrada de su entidad', en: 'Your entity’s accountability programme' })}</a></li>
        <li><a href="/norms">{c.t({ es: 'Catálogo de normas', en: 'Catalog of norms' })}</a> · <a href="/disputes">{c.t({ es: 'Controversias', en: 'Disputes' })}</a> · <a href="/rulings">{c.t({ es: 'Decisiones publicadas', en: 'Published rulings' })}</a> · <a href="/agreements">{c.t({ es: 'Acuerdos con empresas', en: 'Agreements with companies' })}</a></li>
      </ul>
      <h2>{c.t({ es: 'Solicitudes de su entidad', en: 'Your entity’s requests' })}</h2>
      {requests.length === 0 ? <p>{c.t({ es: 'Ninguna todavía.', en: 'None yet.' })}</p> : (
        <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Solicitudes', en: 'Requests' })}>
          <table class="data">
            <thead><tr><th scope="col">{c.t({ es: 'Solicitud', en: 'Request' })}</th><th scope="col">{c.t({ es: 'Sentido', en: 'Direction' })}</th><th scope="col">{c.t({ es: 'Estado', en: 'Status' })}</th><th scope="col">{c.t({ es: 'Plazo legal', en: 'Legal term' })}</th></tr></thead>
            <tbody>{requests.map((r) => <tr><td><a href={`/access-requests/${r.id}`}>{r.purpose.slice(0, 80)}</a></td><td>{r.direction === 'received' ? c.t({ es: 'Recibida', en: 'Received' }) : c.t({ es: 'Enviada', en: 'Sent' })}</td><td>{c.t(STATUS[r.status])}{r.overdue ? <strong> · {c.t({ es: 'vencida', en: 'overdue' })}</strong> : r.reminded_at && (r.status === 'submitted' || r.status === 'info_requested') && <strong> · {c.t({ es: 'vence pronto', en: 'due soon' })}</strong>}</td><td>{formatDate(r.due_at, c.lang, true)}</td></tr>)}</tbody>
          </table>
        </div>
      )}
      <h2>{c.t({ es: 'Datos que puede solicitar', en: 'Data you may request' })}</h2>
      {requestable.length === 0 ? <p>{c.t({ es: 'No hay conjuntos no abiertos de otras entidades.', en: 'No non-open datasets of other entities.' })}</p> : (
        <ul>{requestable.map((d) => <li><a href={`/access-requests/new?dataset=${d.id}`}>{d.title}</a> · {d.entity.name} · {c.t(d.rule_label)}</li>)}</ul>
      )}
    </Layout>
  );
}

/** The request form: purpose, legal basis, each field with its justification, rows, term and commitments. */
export function NewRequestPage({ c, dataset, norms, errors, values }: { c: PageContext; dataset: Requestable[number]; norms: Norm[]; errors: ErrorDetail[]; values: Record<string, string | string[]> }) {
  const title = c.t({ es: 'Solicitar «{t}»', en: 'Request "{t}"' }, { t: dataset.title });
  const chosen = new Set(Array.isArray(values.field) ? values.field : values.field ? [values.field] : []);
  const committed = new Set(Array.isArray(values.commitment) ? values.commitment : values.commitment ? [values.commitment] : []);
  return (
    <Layout c={c} title={title} json={`/api/v1/requestable`} crumbs={[{ href: '/exchange', label: c.t({ es: 'Intercambio', en: 'Sharing' }) }, { label: dataset.title }]}>
      <h1>{title}</h1>
      <p>{dataset.entity.name} · {c.t(dataset.rule_label)}</p>
      {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'La solicitud no se envió', en: 'The request was not sent' }} details={errors} />}
      <form method="post" action="/access-requests">
        <CsrfInput c={c} />
        <input type="hidden" name="dataset" value={dataset.id} />
        <div class="field"><label for="f-purpose">{c.t({ es: 'Finalidad', en: 'Purpose' })}</label><textarea id="f-purpose" name="purpose" rows={3} required>{values.purpose ?? ''}</textarea></div>
        <div class="field"><label for="f-norm_id">{c.t({ es: 'Norma que faculta a su entidad', en: 'Norm that empowers your entity' })}</label><NormSelect c={c} id="f-norm_id" name="norm_id" norms={norms} selected={String(values.norm_id ?? '')} /></div>
        <div class="field"><label for="f-legal_basis">{c.t({ es: 'Cómo la norma lo faculta para esta finalidad', en: 'How the norm empowers you for this purpose' })}</label><textarea id="f-legal_basis" name="legal_basis" rows={2} required>{values.legal_basis ?? ''}</textarea></div>
        <fieldset id="f-fields" tabindex={-1}>
          <legend>{c.t({ es: 'Campos que necesita (justifique cada uno: minimización de datos)', en: 'Fields you need (justify each: data minimization)' })}</legend>
          {dataset.fields.map((f, i) => (
            <div class="field">
              <input type="checkbox" id={`f-field-${i}`} name="field" value={f.name} checked={chosen.has(f.name)} /> <label for={`f-field-${i}`}>{f.title} <code>{f.name}</code></label>
              <label for={`f-just-${i}`} class="visually-hidden">{c.t({ es: 'Justificación de {f}', en: 'Justification for {f}' }, { f: f.name })}</label>
              <input id={`f-just-${i}`} name={`justification.${f.name}`} value={String(values[`justification.${f.name}`] ?? '')} placeholder={c.t({ es: 'Por qué necesita este campo', en: 'Why you need this field' })} />
            </div>
          ))}
        </fieldset>
        <div class="field"><label for="f-filter-field">{c.t({ es: 'Filtrar filas por el campo (opcional)', en: 'Filter rows by field (optional)' })}</label><select id="f-filter-field" name="filter_field"><option value="">—</option>{dataset.fields.map((f) => <option value={f.name} selected={values.filter_field === f.name}>{f.title}</option>)}</select></div>
        <div class="field"><label for="f-filter-values">{c.t({ es: 'Valores aceptados, separados por comas', en: 'Accepted values, comma-separated' })}</label><input id="f-filter-values" name="filter_values" value={String(values.filter_values ?? '')} /></div>
        <div class="field"><label for="f-duration_days">{c.t({ es: 'Duración (días)', en: 'Duration (days)' })}</label><input id="f-duration_days" name="duration_days" type="number" min={1} max={365} required value={String(values.duration_days ?? '90')} /></div>
        <fieldset id="f-commitments" tabindex={-1}>
          <legend>{c.t({ es: 'Compromisos de seguridad', en: 'Security commitments' })}</legend>
          {COMMITMENTS.map((k) => <div><input type="checkbox" id={`f-c-${k}`} name="commitment" value={k} checked={committed.has(k)} /> <label for={`f-c-${k}`}>{c.t(COMMITMENT_LABELS[k])}</label></div>)}
        </fieldset>
        <button type="submit">{c.t({ es: 'Enviar la solicitud', en: 'Send the request' })}</button>
      </form>
    </Layout>
  );
}

/** A request: what was asked, the conversation, the decision, and the actions each side may take now. */
export function RequestPage({ c, request, norms, canDecide, canAnswer, canDispute, disputeId, errors, requesterNit, baseUrl }: { c: PageContext; request: RequestWithGrant; norms: Norm[]; canDecide: boolean; canAnswer: boolean; canDispute: boolean; disputeId: string | null; errors: ErrorDetail[]; requesterNit: string; baseUrl: string }) {
  const open = request.status === 'submitted' || request.status === 'info_requested';
  const decision = request.decision as { norm_id?: string; reason?: string; grant_id?: string; note?: string } | null;
  return (
    <Layout c={c} title={c.t({ es: 'Solicitud de acceso', en: 'Access request' })} json={`/api/v1/access-requests/${request.id}`} crumbs={[{ href: '/exchange', label: c.t({ es: 'Intercambio', en: 'Sharing' }) }, { label: request.id }]}>
      <h1>{c.t({ es: 'Solicitud de acceso', en: 'Access request' })}: {c.t(STATUS[request.status])}</h1>
      {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'La acción no se realizó', en: 'The action was not taken' }} details={errors} />}
      <dl class="facts">
        <div><dt>{c.t({ es: 'Finalidad', en: 'Purpose' })}</dt><dd>{request.purpose}</dd></div>
        <div><dt>{c.t({ es: 'Base legal', en: 'Legal basis' })}</dt><dd><code>{request.norm_id}</code>: {request.legal_basis}</dd></div>
        <div><dt>{c.t({ es: 'Campos', en: 'Fields' })}</dt><dd><ul>{request.fields.map((f) => <li><code>{f.name}</code>: {f.justification}</li>)}</ul></dd></div>
        <div><dt>{c.t({ es: 'Filas', en: 'Rows' })}</dt><dd>{Object.keys(request.row_filter).length ? Object.entries(request.row_filter).map(([k, v]) => `${k} ∈ {${v.join(', ')}}`).join('; ') : c.t({ es: 'Todas', en: 'All' })}</dd></div>
        <div><dt>{c.t({ es: 'Duración', en: 'Duration' })}</dt><dd>{request.duration_days} {c.t({ es: 'días', en: 'days' })}</dd></div>
        <div><dt>{c.t({ es: 'Plazo legal de respuesta', en: 'Legal term to answer' })}</dt><dd>{formatDate(request.due_at, c.lang, true)}{open && request.due_at < new Date() && <strong> · {c.t({ es: 'vencido', en: 'overdue' })}</strong>}</dd></div>
        {decision?.reason && <div><dt>{c.t({ es: 'Negativa', en: 'Denial' })}</dt><dd><code>{decision.norm_id}</code>: {decision.reason}</dd></div>}
        {decision?.note && <div><dt>{c.t({ es: 'Nota de la decisión', en: 'Note on the decision' })}</dt><dd>{decision.note}</dd></div>}
      </dl>
      {request.grant && <GrantSection c={c} grant={request.grant} requestId={request.id} canRevoke={canDecide} canRead={canAnswer} requesterNit={requesterNit} baseUrl={baseUrl} />}
      {disputeId && <Notice>{c.t({ es: 'Esta solicitud está ante el árbitro: ', en: 'This request is before the arbiter: ' })}<a href={`/disputes/${disputeId}`}>{c.t({ es: 'ver la controversia', en: 'see the dispute' })}</a>.</Notice>}
      {request.messages.length > 0 && <><h2>{c.t({ es: 'Conversación', en: 'Conversation' })}</h2><ul>{request.messages.map((m) => <li>{formatDate(m.at, c.lang, true)} · {m.from === 'provider' ? c.t({ es: 'Proveedor', en: 'Provider' }) : c.t({ es: 'Solicitante', en: 'Requester' })}: {m.text}</li>)}</ul></>}
      {canDecide && open && <>
        <h2>{c.t({ es: 'Decidir', en: 'Decide' })}</h2>
        <form method="post" action={`/access-requests/${request.id}/approve`}>
          <CsrfInput c={c} />
          <fieldset><legend>{c.t({ es: 'Aprobar estos campos', en: 'Approve these fields' })}</legend>{request.fields.map((f, i) => <div><input type="checkbox" id={`a-${i}`} name="field" value={f.name} checked /> <label for={`a-${i}`}>{f.name}</label></div>)}</fieldset>
          <div class="field"><label for="a-days">{c.t({ es: 'Duración (días)', en: 'Duration (days)' })}</label><input id="a-days" name="duration_days" type="number" min={1} max={request.duration_days} value={String(request.duration_days)} /></div>
          <button type="submit">{c.t({ es: 'Aprobar', en: 'Approve' })}</button>
        </form>
        <form method="post" action={`/access-requests/${request.id}/ask`}>
          <CsrfInput c={c} />
          <div class="field"><label for="f-text">{c.t({ es: 'Pedir más información', en: 'Ask for more information' })}</label><textarea id="f-text" name="text" rows={2} required></textarea></div>
          <button type="submit" class="secondary">{c.t({ es: 'Preguntar', en: 'Ask' })}</button>
        </form>
        <form method="post" action={`/access-requests/${request.id}/deny`}>
          <CsrfInput c={c} />
          <div class="field"><label for="f-norm_id">{c.t({ es: 'Norma en que se funda la negativa', en: 'Norm the denial rests on' })}</label><NormSelect c={c} id="f-norm_id" name="norm_id" norms={norms} /></div>
          <div class="field"><label for="f-reason">{c.t({ es: 'Razón legal', en: 'Legal reason' })}</label><textarea id="f-reason" name="reason" rows={2} required></textarea></div>
          <button type="submit" class="danger">{c.t({ es: 'Negar', en: 'Deny' })}</button>
        </form>
      </>}
      {canAnswer && request.status === 'info_requested' && (
        <form method="post" action={`/access-requests/${request.id}/answer`}>
          <CsrfInput c={c} />
          <div class="field"><label for="f-text">{c.t({ es: 'Su respuesta', en: 'Your answer' })}</label><textarea id="f-text" name="text" rows={3} required></textarea></div>
          <button type="submit">{c.t({ es: 'Responder', en: 'Answer' })}</button>
        </form>
      )}
      {canDispute && (
        <form method="post" action={`/access-requests/${request.id}/dispute`}>
          <CsrfInput c={c} />
          <div class="field"><label for="f-reason">{c.t({ es: 'Llevar al árbitro: por qué', en: 'Take to the arbiter: why' })}</label><textarea id="f-reason" name="reason" rows={2} required></textarea></div>
          <button type="submit">{c.t({ es: 'Abrir controversia', en: 'Open a dispute' })}</button>
        </form>
      )}
    </Layout>
  );
}

export function OversightPage({ c, board, divipola }: { c: PageContext; board: Awaited<ReturnType<typeof oversightBoard>>; divipola: DivipolaStatus }) {
  const title = c.t({ es: 'Tablero de vigilancia', en: 'Oversight board' });
  return (
    <Layout c={c} title={title} json="/api/v1/oversight">
      <h1>{title}</h1>
      <DivipolaNotice c={c} status={divipola} />
      <p class="lead">{c.t({ es: 'Por entidad: solicitudes vencidas sin respuesta, activos con clasificación supuesta, incompleta o vencida, conjuntos detenidos por hallazgos de datos personales sin resolver y elementos del programa de responsabilidad demostrada sin evidencia en el último año (de {n}).', en: 'By entity: requests overdue without an answer, assets with an assumed, incomplete or expired classification, datasets held back by unresolved personal-data findings, and accountability elements without evidence in the last year (of {n}).' }, { n: board.accountability_elements })}</p>
      <div class="table-wrap" tabindex={0} role="region" aria-label={title}>
        <table class="data">
          <thead><tr><th scope="col">{c.t({ es: 'Entidad', en: 'Entity' })}</th><th scope="col" class="num">{c.t({ es: 'Solicitudes vencidas', en: 'Overdue requests' })}</th><th scope="col" class="num">{c.t({ es: 'Activos sin clasificación confirmada y completa', en: 'Assets without a confirmed, complete classification' })}</th><th scope="col" class="num">{c.t({ es: 'Datos personales sin resolver', en: 'Unresolved personal data' })}</th><th scope="col" class="num">{c.t({ es: 'Evidencias faltantes', en: 'Missing evidence' })}</th></tr></thead>
          <tbody>{board.entities.map((e) => <tr><td><a href={`/oversight/${e.entity.nit}`}>{e.entity.name}</a>{e.entity.member_class === 'COM' && <span class="badge"> COM</span>}</td><td class="num">{e.overdue_requests}</td><td class="num">{e.assets_without_full_classification}</td><td class="num">{e.datasets_with_unresolved_personal_data}</td><td class="num">{e.accountability_missing}</td></tr>)}</tbody>
        </table>
      </div>
    </Layout>
  );
}

const CLASSIFICATION_PROBLEMS = {
  assumed: { es: 'clasificación supuesta: el registro la dejó en blanco y nadie la ha confirmado', en: 'classification assumed: the register left it blank and nobody has confirmed it' },
  no_ground: { es: 'falta el fundamento legal de la excepción', en: 'the exception’s legal ground is missing' },
  no_term: { es: 'falta el plazo de la reserva', en: 'the reserve’s term is missing' },
  term_ended: { es: 'venció el plazo de la excepción: debe reclasificarse', en: 'the exception’s term ended: it must be reclassified' },
} as const;

/** One entity's findings, item by item, each linked to where it is fixed. */
export function EntityOversightPage({ c, found }: { c: PageContext; found: Awaited<ReturnType<typeof oversightOfEntity>> }) {
  const board = c.t({ es: 'Tablero de vigilancia', en: 'Oversight board' });
  const nit = found.entity.nit;
  const none = <p>{c.t({ es: 'Nada pendiente.', en: 'Nothing pending.' })}</p>;
  return (
    <Layout c={c} title={`${board}: ${found.entity.name}`} json={`/api/v1/oversight/${nit}`} crumbs={[{ href: '/oversight', label: board }, { label: found.entity.name }]}>
      <h1>{found.entity.name}</h1>
      <section aria-labelledby="vencidas">
        <h2 id="vencidas">{c.t({ es: 'Solicitudes vencidas sin respuesta ({n})', en: 'Requests overdue without an answer ({n})' }, { n: found.overdue_requests.length })}</h2>
        {found.overdue_requests.length === 0 ? none : <ul>{found.overdue_requests.map((r) => <li><a href={`/access-requests/${r.id}`}>{r.requester}: {r.purpose.slice(0, 100)}</a> · {c.t({ es: 'venció', en: 'due' })} {formatDate(r.due_at, c.lang, true)} · {c.t(STATUS[r.status])}</li>)}</ul>}
      </section>
      <section aria-labelledby="clasificacion">
        <h2 id="clasificacion">{c.t({ es: 'Activos con clasificación supuesta, incompleta o vencida ({n})', en: 'Assets with an assumed, incomplete or expired classification ({n})' }, { n: found.assets_without_full_classification.length })}</h2>
        {found.assets_without_full_classification.length === 0 ? none : <ul>{found.assets_without_full_classification.map((a) => <li><a href={`/assets/${a.id}`}>{a.title}</a> · {c.t(CLASSIFICATION_PROBLEMS[a.problem])}</li>)}</ul>}
      </section>
      <section aria-labelledby="personales">
        <h2 id="personales">{c.t({ es: 'Conjuntos con datos personales sin resolver ({n})', en: 'Datasets with unresolved personal data ({n})' }, { n: found.datasets_with_unresolved_personal_data.length })}</h2>
        {found.datasets_with_unresolved_personal_data.length === 0 ? none : <ul>{found.datasets_with_unresolved_personal_data.map((d) => <li><a href={`/datasets/${d.id}`}>{d.title}</a></li>)}</ul>}
      </section>
      <section aria-labelledby="evidencias">
        <h2 id="evidencias">{c.t({ es: 'Responsabilidad demostrada: elementos sin evidencia en el último año ({n} de {t})', en: 'Accountability: elements without evidence in the last year ({n} of {t})' }, { n: found.accountability_missing.length, t: found.accountability_elements })}</h2>
        {found.accountability_missing.length === 0 ? none : <ul>{found.accountability_missing.map((m) => <li>{c.t(m.title)}</li>)}</ul>}
        <p><a href={`/entities/${nit}/accountability`}>{c.t({ es: 'Programa de la entidad', en: 'The entity’s programme' })}</a></p>
      </section>
    </Layout>
  );
}

export function RulingsPage({ c, rulings }: { c: PageContext; rulings: Awaited<ReturnType<typeof publishedRulings>> }) {
  const title = c.t({ es: 'Decisiones del árbitro', en: 'Arbiter’s rulings' });
  return (
    <Layout c={c} title={title} json="/api/v1/rulings">
      <h1>{title}</h1>
      <p class="lead">{c.t({ es: 'Controversias entre entidades por el acceso a datos, decididas por el árbitro. Se publican sin datos personales.', en: 'Disputes between entities over data access, ruled by the arbiter. Published without personal data.' })}</p>
      {rulings.length === 0 ? <Notice>{c.t({ es: 'Aún no hay decisiones.', en: 'No rulings yet.' })}</Notice> : rulings.map((r) => (
        <section aria-labelledby={`r-${r.id}`}>
          <h2 id={`r-${r.id}`}>{r.requester} → {r.provider}: {r.dataset}</h2>
          <p><strong>{r.outcome === 'grant' ? c.t({ es: 'Se concede el acceso', en: 'Access granted' }) : c.t({ es: 'Se mantiene la negativa', en: 'The denial stands' })}</strong> · {formatDate(r.ruled_at, c.lang)} · {c.t({ es: 'norma invocada', en: 'norm invoked' })} <code>{r.norm_cited}</code>{r.denial_norm && <> · {c.t({ es: 'negativa según', en: 'denied under' })} <code>{r.denial_norm}</code></>}</p>
          <p>{r.reasoning}</p>
        </section>
      ))}
    </Layout>
  );
}

type Programme = Awaited<ReturnType<typeof import('../../exchange/accountability.ts').accountabilityProgramme>>;

/** The entity's accountability programme (SIC guide): each element with its records, and a form to add one. */
export function AccountabilityPage({ c, programme, canWrite, errors, values }: { c: PageContext; programme: Programme; canWrite: boolean; errors: ErrorDetail[]; values: Record<string, string> }) {
  const title = c.t({ es: 'Responsabilidad demostrada', en: 'Demonstrated accountability' });
  const nit = programme.entity.nit;
  return (
    <Layout c={c} title={title} json={`/api/v1/entities/${nit}/accountability`} crumbs={[{ href: `/entities/${nit}`, label: programme.entity.name }, { label: title }]}>
      <h1>{title}</h1>
      <p class="lead">{c.t({ es: 'El programa de la entidad en la estructura de la guía de la SIC. Un elemento sin evidencia en el último año figura como faltante en el tablero de vigilancia ({n} faltan).', en: 'The entity’s programme in the structure of the SIC guide. An element without evidence in the last year shows as missing on the oversight board ({n} missing).' }, { n: programme.missing.length })}</p>
      {programme.sections.map((s) => (
        <section aria-labelledby={`s-${s.section}`}>
          <h2 id={`s-${s.section}`}>{c.t(s.title)}</h2>
          <ul>{s.elements.map((e) => <li>{c.t(e.title)}: {e.current ? <strong>{c.t({ es: 'al día', en: 'current' })}</strong> : <strong>{c.t({ es: 'falta evidencia', en: 'evidence missing' })}</strong>}{e.records.map((r) => <div class="muted">{r.dated_on} · {r.owner} · {r.evidence}</div>)}</li>)}</ul>
        </section>
      ))}
      <h2>{c.t({ es: 'Registro de activos con datos personales', en: 'Register of personal-data assets' })}</h2>
      {programme.personal_data_assets.length === 0 ? <p>{c.t({ es: 'El inventario no tiene activos con datos personales.', en: 'The inventory has no assets with personal data.' })}</p> : <ul>{programme.personal_data_assets.map((a) => <li><a href={`/assets/${a.id}`}>{a.title}</a> · {a.personal_data_class}{a.children_data && ` · ${c.t({ es: 'niños', en: 'children' })}`}</li>)}</ul>}
      {canWrite && (
        <section aria-labelledby="nuevo-registro">
          <h2 id="nuevo-registro">{c.t({ es: 'Agregar un registro', en: 'Add a record' })}</h2>
          {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'No se guardó el registro', en: 'The record was not saved' }} details={errors} />}
          <form method="post" action={`/entities/${nit}/accountability`}>
            <CsrfInput c={c} />
            <div class="field"><label for="f-element">{c.t({ es: 'Elemento', en: 'Element' })}</label><select id="f-element" name="element">{programme.sections.flatMap((s) => s.elements.map((e) => <option value={`${s.section}/${e.id}`} selected={values.element === `${s.section}/${e.id}`}>{`${c.t(s.title)} — ${c.t(e.title)}`}</option>))}</select></div>
            <div class="field"><label for="f-owner">{c.t({ es: 'Responsable', en: 'Owner' })}</label><input id="f-owner" name="owner" required value={values.owner ?? ''} /></div>
            <div class="field"><label for="f-evidence">{c.t({ es: 'Evidencia (descripción o enlace)', en: 'Evidence (description or link)' })}</label><textarea id="f-evidence" name="evidence" rows={2} required>{values.evidence ?? ''}</textarea></div>
            <div class="field"><label for="f-dated_on">{c.t({ es: 'Fecha', en: 'Date' })}</label><input id="f-dated_on" name="dated_on" type="date" required value={values.dated_on ?? ''} /></div>
            <button type="submit">{c.t({ es: 'Guardar', en: 'Save' })}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}

type DisputeFile = Awaited<ReturnType<typeof import('../../exchange/disputes.ts').disputeFile>>;

/** The arbiter's (and the parties') view of a dispute: the whole file, the thread, and the arbiter's forms. */
export function DisputePage({ c, file, isArbiter, canWrite, errors }: { c: PageContext; file: DisputeFile; isArbiter: boolean; canWrite: boolean; errors: ErrorDetail[] }) {
  const { dispute, request, norms } = file;
  const decision = request.decision as { norm_id?: string; reason?: string } | null;
  return (
    <Layout c={c} title={c.t({ es: 'Controversia', en: 'Dispute' })} json={`/api/v1/disputes/${dispute.id}`} crumbs={[{ href: '/disputes', label: c.t({ es: 'Controversias', en: 'Disputes' }) }, { label: dispute.id }]}>
      <h1>{c.t({ es: 'Controversia', en: 'Dispute' })}: {dispute.status === 'ruled' ? c.t({ es: 'decidida', en: 'ruled' }) : dispute.status === 'info_requested' ? c.t({ es: 'se pidió información', en: 'information requested' }) : c.t({ es: 'abierta', en: 'open' })}</h1>
      {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'La acción no se realizó', en: 'The action was not taken' }} details={errors} />}
      <dl class="facts">
        <div><dt>{c.t({ es: 'Motivo', en: 'Grounds' })}</dt><dd>{dispute.reason}</dd></div>
        <div><dt>{c.t({ es: 'Solicitud', en: 'Request' })}</dt><dd><a href={`/access-requests/${request.id}`}>{request.purpose}</a> · {c.t(STATUS[request.status])}</dd></div>
        <div><dt>{c.t({ es: 'Campos pedidos', en: 'Fields asked' })}</dt><dd>{request.fields.map((f) => `${f.name} (${f.justification})`).join('; ')}</dd></div>
        {decision?.reason && <div><dt>{c.t({ es: 'Negativa', en: 'Denial' })}</dt><dd><code>{decision.norm_id}</code>: {decision.reason}</dd></div>}
        <div><dt>{c.t({ es: 'Normas citadas', en: 'Norms cited' })}</dt><dd><ul>{norms.map((n) => <li><strong>{n.title}, {n.article}</strong>: {n.summary}</li>)}</ul></dd></div>
        {dispute.ruling && <div><dt>{c.t({ es: 'Decisión', en: 'Ruling' })}</dt><dd>{dispute.ruling.outcome === 'grant' ? c.t({ es: 'Se concede', en: 'Granted' }) : c.t({ es: 'Se mantiene la negativa', en: 'The denial stands' })}: {dispute.ruling.reasoning}</dd></div>}
      </dl>
      {[...request.messages, ...dispute.messages].length > 0 && <><h2>{c.t({ es: 'Conversación', en: 'Conversation' })}</h2><ul>{[...request.messages, ...dispute.messages].map((m) => <li>{formatDate(m.at, c.lang, true)} · {m.from}: {m.text}</li>)}</ul></>}
      {canWrite && dispute.status !== 'ruled' && (
        <form method="post" action={`/disputes/${dispute.id}/messages`}>
          <CsrfInput c={c} />
          <div class="field"><label for="f-text">{isArbiter ? c.t({ es: 'Pedir información a las partes', en: 'Ask the parties for information' }) : c.t({ es: 'Aportar información', en: 'Give information' })}</label><textarea id="f-text" name="text" rows={2} required></textarea></div>
          <button type="submit" class="secondary">{c.t({ es: 'Enviar', en: 'Send' })}</button>
        </form>
      )}
      {isArbiter && dispute.status !== 'ruled' && (
        <form method="post" action={`/disputes/${dispute.id}/ruling`}>
          <CsrfInput c={c} />
          <fieldset id="f-outcome" tabindex={-1}><legend>{c.t({ es: 'Decisión', en: 'Ruling' })}</legend>
            <div><input type="radio" id="o-grant" name="outcome" value="grant" required /> <label for="o-grant">{c.t({ es: 'Conceder el acceso pedido', en: 'Grant the access asked for' })}</label></div>
            <div><input type="radio" id="o-deny" name="outcome" value="denial_stands" /> <label for="o-deny">{c.t({ es: 'Mantener la negativa', en: 'Let the denial stand' })}</label></div>
          </fieldset>
          <div class="field"><label for="f-reasoning">{c.t({ es: 'Motivación (se publica)', en: 'Reasons (published)' })}</label><textarea id="f-reasoning" name="reasoning" rows={4} required></textarea></div>
          <button type="submit">{c.t({ es: 'Decidir', en: 'Rule' })}</button>
        </form>
      )}
    </Layout>
  );
}

export function DisputesPage({ c, disputes }: { c: PageContext; disputes: { id: string; status: string; opened_at: Date; requester: string; provider: string; dataset: string }[] }) {
  const title = c.t({ es: 'Controversias', en: 'Disputes' });
  return (
    <Layout c={c} title={title} json="/api/v1/rulings">
      <h1>{title}</h1>
      {disputes.length === 0 ? <p>{c.t({ es: 'No hay controversias.', en: 'No disputes.' })}</p> : <ul>{disputes.map((d) => <li><a href={`/disputes/${d.id}`}>{d.requester} → {d.provider}: {d.dataset}</a> · {d.status} · {formatDate(d.opened_at, c.lang)}</li>)}</ul>}
    </Layout>
  );
}
