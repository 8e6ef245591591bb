import type { ErrorDetail } from '../../core/errors.ts';
import { formatDate } from '../../core/i18n.ts';
import type { agreementOptions, listAgreements } from '../../exchange/agreements.ts';
import type { listClients } from '../../exchange/clients.ts';
import type { listNorms } from '../../exchange/norms.ts';
import { CsrfInput, ErrorSummary, fieldId } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';

type Values = Record<string, string>;

/** A labelled input or textarea named after its API field, so error links reach it. */
function Input({ c, name, label, values, long, type, help }: { c: PageContext; name: string; label: string; values: Values; long?: boolean; type?: 'date'; help?: string }) {
  const id = fieldId(name);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {help && <p class="hint" id={`${id}-hint`}>{help}</p>}
      {long
        ? <textarea id={id} name={name} rows={3} required aria-describedby={help ? `${id}-hint` : undefined}>{values[name] ?? ''}</textarea>
        : type === 'date' ? <input id={id} name={name} type="date" required value={values[name] ?? ''} />
        : <input id={id} name={name} required value={values[name] ?? ''} aria-describedby={help ? `${id}-hint` : undefined} />}
    </div>
  );
}

/** An entity's client credentials (X-Road subsystems): who may sign exchange requests for it. */
export function ClientsPage({ c, entity, clients, canWrite, errors, values }: { c: PageContext; entity: { nit: string; name: string; member_class: string }; clients: Awaited<ReturnType<typeof listClients>>; canWrite: boolean; errors: ErrorDetail[]; values: Values }) {
  const title = c.t({ es: 'Clientes del intercambio', en: 'Exchange client credentials' });
  return (
    <Layout c={c} title={title} json={`/api/v1/entities/${entity.nit}/exchange-clients`} crumbs={[{ href: `/entities/${entity.nit}`, label: entity.name }, { label: title }]}>
      <h1>{title}</h1>
      <p class="lead">{c.t({ es: 'Cada sistema de la entidad que lee datos autorizados es un subsistema con su propia clave Ed25519. Sus solicitudes se firman con la clave privada, que nunca sale de ese sistema; la plataforma guarda solo la clave pública.', en: 'Each of the entity’s systems that reads granted data is a subsystem with its own Ed25519 key. Its requests are signed with the private key, which never leaves that system; the platform keeps only the public key.' })}</p>
      {clients.length === 0 ? <p>{c.t({ es: 'La entidad no tiene clientes todavía.', en: 'The entity has no client credentials yet.' })}</p> : (
        <div class="table-wrap" tabindex={0} role="region" aria-label={title}>
          <table class="data">
            <thead><tr><th scope="col">{c.t({ es: 'Identificador', en: 'Identifier' })}</th><th scope="col">{c.t({ es: 'Clave pública', en: 'Public key' })}</th><th scope="col">{c.t({ es: 'Registrado', en: 'Registered' })}</th><th scope="col">{c.t({ es: 'Estado', en: 'Status' })}</th></tr></thead>
            <tbody>{clients.map((k) => (
              <tr>
                <td><code>{k.client}</code></td><td><code>{k.public_key}</code></td><td>{formatDate(k.created_at, c.lang)}</td>
                <td>{k.revoked_at ? `${c.t({ es: 'revocado', en: 'revoked' })} ${formatDate(k.revoked_at, c.lang)}` : canWrite ? (
                  <form method="post" action={`/entities/${entity.nit}/exchange-clients/${k.subsystem}/revoke`}>
                    <CsrfInput c={c} />
                    <button type="submit" class="danger">{c.t({ es: 'Revocar', en: 'Revoke' })}<span class="visually-hidden"> {k.client}</span></button>
                  </form>
                ) : c.t({ es: 'vigente', en: 'active' })}</td>
              </tr>
            ))}</tbody>
          </table>
        </div>
      )}
      {canWrite && (
        <section aria-labelledby="nuevo-cliente">
          <h2 id="nuevo-cliente">{c.t({ es: 'Registrar un cliente', en: 'Register a client' })}</h2>
          <p>{c.t({ es: 'Cree el par de claves en el sistema que va a leer los datos:', en: 'Create the key pair on the system that will read the data:' })} <code>npx infradatos exchange keygen --out CLAVE.pem</code> {c.t({ es: '(o con OpenSSL: ', en: '(or with OpenSSL: ' })}<code>openssl genpkey -algorithm ed25519 -out CLAVE.pem; openssl pkey -in CLAVE.pem -pubout</code>{c.t({ es: '), y pegue aquí la clave pública.', en: '), and paste the public key here.' })}</p>
          {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'No se registró el cliente', en: 'The client was not registered' }} details={errors} />}
          <form method="post" action={`/entities/${entity.nit}/exchange-clients`}>
            <CsrfInput c={c} />
            <Input c={c} name="subsystem" label={c.t({ es: 'Subsistema', en: 'Subsystem' })} values={values} help={c.t({ es: 'Nombre corto en minúsculas, dígitos y guiones; el cliente será CO/{cls}/{nit}/subsistema.', en: 'A short name of lower-case letters, digits and hyphens; the client will be CO/{cls}/{nit}/subsystem.' }, { cls: entity.member_class, nit: entity.nit })} />
            <Input c={c} name="public_key" label={c.t({ es: 'Clave pública Ed25519 (base64 de 32 bytes o PEM)', en: 'Ed25519 public key (32 bytes in base64, or PEM)' })} values={values} long />
            <button type="submit">{c.t({ es: 'Registrar', en: 'Register' })}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}

/** The catalog of norms a request or a denial may cite; the national data office adds to it. */
export function NormsPage({ c, norms, canWrite, errors, values }: { c: PageContext; norms: Awaited<ReturnType<typeof listNorms>>; canWrite: boolean; errors: ErrorDetail[]; values: Values }) {
  const title = c.t({ es: 'Catálogo de normas', en: 'Catalog of norms' });
  return (
    <Layout c={c} title={title} json="/api/v1/norms">
      <h1>{title}</h1>
      <p class="lead">{c.t({ es: 'Las normas que una solicitud de acceso puede invocar y en que una negativa puede fundarse. Las mantiene la oficina nacional de datos.', en: 'The norms an access request may invoke and a denial may rest on. The national data office keeps them.' })}</p>
      <dl class="norms">{norms.map((n) => <div><dt><strong>{n.title}, {n.article}</strong> <code>{n.id}</code></dt><dd>{n.summary}</dd></div>)}</dl>
      {canWrite && (
        <section aria-labelledby="nueva-norma">
          <h2 id="nueva-norma">{c.t({ es: 'Agregar una norma', en: 'Add a norm' })}</h2>
          {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'No se agregó la norma', en: 'The norm was not added' }} details={errors} />}
          <form method="post" action="/norms">
            <CsrfInput c={c} />
            <Input c={c} name="id" label={c.t({ es: 'Identificador', en: 'Identifier' })} values={values} help={c.t({ es: 'Por ejemplo: decreto-1080-2015-art-2-1-1-2-1-4', en: 'For example: decreto-1080-2015-art-2-1-1-2-1-4' })} />
            <Input c={c} name="title" label={c.t({ es: 'Norma', en: 'Norm' })} values={values} />
            <Input c={c} name="article" label={c.t({ es: 'Artículo', en: 'Article' })} values={values} />
            <Input c={c} name="summary" label={c.t({ es: 'Qué dispone', en: 'What it provides' })} values={values} long />
            <button type="submit">{c.t({ es: 'Agregar', en: 'Add' })}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}

/** Companies' data-sharing agreements (public), and the form for a company's steward. */
export function AgreementsPage({ c, agreements, form, errors, values }: { c: PageContext; agreements: Awaited<ReturnType<typeof listAgreements>>; form: Awaited<ReturnType<typeof agreementOptions>> | null; errors: ErrorDetail[]; values: Values }) {
  const title = c.t({ es: 'Acuerdos de intercambio con empresas', en: 'Data-sharing agreements with companies' });
  return (
    <Layout c={c} title={title} json="/api/v1/agreements">
      <h1>{title}</h1>
      <p class="lead">{c.t({ es: 'Datos del sector privado de interés público: las empresas (miembros de clase COM) comparten conjuntos con entidades públicas bajo acuerdos con finalidad, términos y vigencia. Las entidades los solicitan como a cualquier otra entidad.', en: 'Private-sector data of public interest: companies (class COM members) share datasets with public entities under agreements with a purpose, terms and a term. Entities request them as from any other entity.' })}</p>
      {agreements.length === 0 ? <p>{c.t({ es: 'No hay acuerdos registrados.', en: 'No agreements recorded.' })}</p> : agreements.map((a) => (
        <section aria-labelledby={`a-${a.id}`}>
          <h2 id={`a-${a.id}`}>{a.company} → {a.counterpart}</h2>
          <p>{a.starts_on} – {a.ends_on}{a.dataset_id && <> · <a href={`/datasets/${a.dataset_id}`}>{c.t({ es: 'conjunto de datos', en: 'dataset' })}</a></>}</p>
          <p><strong>{c.t({ es: 'Finalidad', en: 'Purpose' })}:</strong> {a.purpose}</p>
          <p><strong>{c.t({ es: 'Términos', en: 'Terms' })}:</strong> {a.terms}</p>
        </section>
      ))}
      {form && (
        <section aria-labelledby="nuevo-acuerdo">
          <h2 id="nuevo-acuerdo">{c.t({ es: 'Registrar un acuerdo de {e}', en: 'Record an agreement of {e}' }, { e: form.company.name })}</h2>
          {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'No se registró el acuerdo', en: 'The agreement was not recorded' }} details={errors} />}
          <form method="post" action="/agreements">
            <CsrfInput c={c} />
            <div class="field"><label for={fieldId('counterpart')}>{c.t({ es: 'Entidad pública contraparte', en: 'Public entity counterpart' })}</label>
              <select id={fieldId('counterpart')} name="counterpart" required><option value="">—</option>{form.counterparts.map((e) => <option value={e.nit} selected={values.counterpart === e.nit}>{e.name}</option>)}</select></div>
            <div class="field"><label for={fieldId('dataset')}>{c.t({ es: 'Conjunto de datos compartido (opcional)', en: 'Dataset shared (optional)' })}</label>
              <select id={fieldId('dataset')} name="dataset"><option value="">—</option>{form.datasets.map((d) => <option value={d.id} selected={values.dataset === d.id}>{d.title}</option>)}</select></div>
            <Input c={c} name="purpose" label={c.t({ es: 'Finalidad de interés público', en: 'Public-interest purpose' })} values={values} long />
            <Input c={c} name="terms" label={c.t({ es: 'Términos', en: 'Terms' })} values={values} long />
            <Input c={c} name="starts_on" type="date" label={c.t({ es: 'Desde', en: 'From' })} values={values} />
            <Input c={c} name="ends_on" type="date" label={c.t({ es: 'Hasta', en: 'Until' })} values={values} />
            <button type="submit">{c.t({ es: 'Registrar', en: 'Record' })}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}
