import type { ErrorDetail } from '../../core/errors.ts';
import { formatDate } from '../../core/i18n.ts';
import type { PersonActor } from '../../core/actor.ts';
import type { EntityView } from '../../catalog/entities.ts';
import type { PersonView } from '../../catalog/people.ts';
import { ROLES, labelOf } from '../../catalog/vocabularies.ts';
import { CheckboxesField, CsrfInput, ErrorSummary, Notice, TextField } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { policy } from '../../catalog/access.ts';

export interface DemoAccount {
  email: string;
  password: string;
  description: { es: string; en: string };
}

export function LoginPage({ c, next, email, error, demoAccounts }: { c: PageContext; next: string; email?: string; error?: ErrorDetail; demoAccounts: DemoAccount[] }) {
  const title = c.t({ es: 'Ingresar', en: 'Sign in' });
  return (
    <Layout c={c} title={title} json="/api/v1/me">
      <h1>{title}</h1>
      {error && <ErrorSummary c={c} title={{ es: 'No pudo ingresar', en: 'Could not sign in' }} details={[error]} />}
      <form method="post" action="/login" class="narrow">
        {c.csrf && <CsrfInput c={c} />}
        <input type="hidden" name="next" value={next} />
        <TextField c={c} name="email" type="email" label={c.t({ es: 'Correo electrónico', en: 'Email' })} value={email} autocomplete="username" required />
        <TextField c={c} name="password" type="password" label={c.t({ es: 'Contraseña', en: 'Password' })} autocomplete="current-password" required />
        <button type="submit">{title}</button>
      </form>
      {demoAccounts.length > 0 && (
        <section class="demo-accounts" aria-labelledby="demo-title">
          <h2 id="demo-title">{c.t({ es: 'Cuentas de demostración', en: 'Demo accounts' })}</h2>
          <p>{c.t({ es: 'Esta instalación tiene datos de demostración (DEMO=1). Puede ingresar con:', en: 'This installation has demo data (DEMO=1). You can sign in with:' })}</p>
          <table>
            <thead><tr><th scope="col">{c.t({ es: 'Correo', en: 'Email' })}</th><th scope="col">{c.t({ es: 'Contraseña', en: 'Password' })}</th><th scope="col">{c.t({ es: 'Quién es', en: 'Who' })}</th></tr></thead>
            <tbody>
              {demoAccounts.map((a) => <tr><td><code>{a.email}</code></td><td><code>{a.password}</code></td><td>{c.t(a.description)}</td></tr>)}
            </tbody>
          </table>
        </section>
      )}
    </Layout>
  );
}

interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export function AccountPage({ c, actor, entity, tokens, newToken, errors, passwordErrors = [], passwordNotice }: { c: PageContext; actor: PersonActor; entity: EntityView; tokens: TokenRow[]; newToken?: string; errors: ErrorDetail[]; passwordErrors?: ErrorDetail[]; passwordNotice?: string }) {
  const title = c.t({ es: 'Mi cuenta', en: 'My account' });
  return (
    <Layout c={c} title={title} json="/api/v1/me">
      <h1>{title}</h1>
      <dl class="facts">
        <div><dt>{c.t({ es: 'Nombre', en: 'Name' })}</dt><dd>{actor.name}</dd></div>
        <div><dt>{c.t({ es: 'Correo', en: 'Email' })}</dt><dd>{actor.email}</dd></div>
        <div><dt>{c.t({ es: 'Entidad', en: 'Entity' })}</dt><dd><a href={`/entities/${entity.nit}`}>{entity.name}</a></dd></div>
        <div><dt>{c.t({ es: 'Roles', en: 'Roles' })}</dt><dd>{actor.roles.map((r) => labelOf(ROLES, r, c.lang)).join(', ')}</dd></div>
      </dl>

      <h2>{c.t({ es: 'Contraseña', en: 'Password' })}</h2>
      {passwordNotice && <Notice kind="success">{passwordNotice}</Notice>}
      {passwordErrors.length > 0 && <ErrorSummary c={c} title={{ es: 'No se pudo cambiar la contraseña', en: 'The password could not be changed' }} details={passwordErrors} />}
      <form method="post" action="/account/password" class="narrow">
        <CsrfInput c={c} />
        <TextField c={c} name="current_password" type="password" label={c.t({ es: 'Contraseña actual', en: 'Current password' })} errors={passwordErrors} autocomplete="current-password" required />
        <TextField c={c} name="new_password" type="password" label={c.t({ es: 'Contraseña nueva (mínimo 10 caracteres)', en: 'New password (at least 10 characters)' })} errors={passwordErrors} autocomplete="new-password" required />
        <button type="submit">{c.t({ es: 'Cambiar la contraseña', en: 'Change the password' })}</button>
      </form>

      <h2>{c.t({ es: 'Tokens de API', en: 'API tokens' })}</h2>
      <p>{c.t({ es: 'Un token permite a un programa usar la API con sus permisos: envíelo en la cabecera «Authorization: Bearer …». Se guarda cifrado; solo se muestra al crearlo.', en: 'A token lets a program use the API with your permissions: send it in the "Authorization: Bearer …" header. It is stored hashed; it is shown only when created.' })}</p>
      {newToken && (
        <Notice kind="success">
          <p>{c.t({ es: 'Copie su token ahora; no se volverá a mostrar:', en: 'Copy your token now; it will not be shown again:' })}</p>
          <p><code class="token">{newToken}</code></p>
        </Notice>
      )}
      {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'No se pudo crear el token', en: 'The token could not be created' }} details={errors} />}
      <form method="post" action="/account/tokens" class="inline-form">
        <CsrfInput c={c} />
        <TextField c={c} name="name" label={c.t({ es: 'Nombre del token (para qué lo usará)', en: 'Token name (what it is for)' })} errors={errors} required />
        <button type="submit">{c.t({ es: 'Crear token', en: 'Create token' })}</button>
      </form>
      {tokens.length > 0 && (
        <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Tabla desplazable', en: 'Scrollable table' })}>
          <table>
            <thead><tr><th scope="col">{c.t({ es: 'Nombre', en: 'Name' })}</th><th scope="col">{c.t({ es: 'Prefijo', en: 'Prefix' })}</th><th scope="col">{c.t({ es: 'Creado', en: 'Created' })}</th><th scope="col">{c.t({ es: 'Vence', en: 'Expires' })}</th><th scope="col">{c.t({ es: 'Último uso', en: 'Last used' })}</th><th scope="col">{c.t({ es: 'Estado', en: 'State' })}</th></tr></thead>
            <tbody>
              {tokens.map((t) => (
                <tr>
                  <td>{t.name}</td>
                  <td><code>{t.prefix}…</code></td>
                  <td>{formatDate(t.created_at, c.lang)}</td>
                  <td>{formatDate(t.expires_at, c.lang)}</td>
                  <td>{t.last_used_at ? formatDate(t.last_used_at, c.lang, true) : '—'}</td>
                  <td>
                    {t.revoked_at ? c.t({ es: 'Revocado', en: 'Revoked' }) : (
                      <form method="post" action={`/account/tokens/${t.id}/revoke`} class="inline">
                        <CsrfInput c={c} />
                        <button type="submit" class="link">{c.t({ es: 'Revocar', en: 'Revoke' })}<span class="visually-hidden"> {t.name}</span></button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** The roles a form sent back: one checkbox arrives as a string, several as a list. */
const chosenRoles = (values: Record<string, unknown>) => (Array.isArray(values.roles) ? (values.roles as string[]) : values.roles ? [String(values.roles)] : []);

export function PeoplePage({ c, entity, people, values, errors, notice }: { c: PageContext; entity: EntityView; people: PersonView[]; values: Record<string, unknown>; errors: ErrorDetail[]; notice?: string }) {
  const title = c.t({ es: 'Personas de {name}', en: 'People of {name}' }, { name: entity.name });
  return (
    <Layout c={c} title={title} json={`/api/v1/entities/${entity.nit}/people`} crumbs={[{ href: `/entities/${entity.nit}`, label: entity.name }, { label: c.t({ es: 'Personas', en: 'People' }) }]}>
      <h1>{title}</h1>
      {notice && <Notice kind="success">{notice}</Notice>}
      <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Tabla desplazable', en: 'Scrollable table' })}>
        <table>
          <thead><tr><th scope="col">{c.t({ es: 'Nombre', en: 'Name' })}</th><th scope="col">{c.t({ es: 'Correo', en: 'Email' })}</th><th scope="col">{c.t({ es: 'Roles', en: 'Roles' })}</th><th scope="col">{c.t({ es: 'Desde', en: 'Since' })}</th></tr></thead>
          <tbody>
            {people.map((p) => (
              <tr>
                <td><a href={`/people/${p.id}`}>{p.name}</a>{p.disabled && <> <span class="badge reservada">{c.t({ es: 'Desactivada', en: 'Disabled' })}</span></>}</td>
                <td>{p.email}</td>
                <td>{p.roles.map((r) => labelOf(ROLES, r, c.lang)).join(', ')}</td>
                <td>{formatDate(p.created_at, c.lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{c.t({ es: 'Crear una cuenta', en: 'Create an account' })}</h2>
      {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'Corrija estos datos', en: 'Fix these problems' }} details={errors} />}
      <form method="post" class="narrow" novalidate>
        <CsrfInput c={c} />
        <TextField c={c} name="email" type="email" label={c.t({ es: 'Correo electrónico', en: 'Email' })} value={String(values.email ?? '')} errors={errors} required />
        <TextField c={c} name="name" label={c.t({ es: 'Nombre', en: 'Name' })} value={String(values.name ?? '')} errors={errors} />
        <CheckboxesField c={c} name="roles" label={c.t({ es: 'Roles', en: 'Roles' })} vocabulary={ROLES} values={chosenRoles(values)} errors={errors} />
        <TextField c={c} name="password" type="password" label={c.t({ es: 'Contraseña inicial (mínimo 10 caracteres)', en: 'Initial password (at least 10 characters)' })} errors={errors} autocomplete="new-password" required />
        <button type="submit">{c.t({ es: 'Crear la cuenta', en: 'Create the account' })}</button>
      </form>
    </Layout>
  );
}

export function PersonPage({ c, entity, person, values, errors, notice }: { c: PageContext; entity: EntityView; person: PersonView; values: Record<string, unknown>; errors: ErrorDetail[]; notice?: string }) {
  const title = person.name;
  return (
    <Layout c={c} title={title} json={`/api/v1/people/${person.id}`} crumbs={[{ href: `/entities/${entity.nit}`, label: entity.name }, { href: `/entities/${entity.nit}/people`, label: c.t({ es: 'Personas', en: 'People' }) }, { label: title }]}>
      <h1>{title} <small>{person.email}</small></h1>
      {notice && <Notice kind="success">{notice}</Notice>}
      {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'Corrija estos datos', en: 'Fix these problems' }} details={errors} />}
      {!policy.managePerson(c.actor, { id: person.id, entityId: person.entity_id, roles: person.roles }) ? (
        <Notice>{c.t({ es: 'Roles: {r}. Esta cuenta solo la cambia la oficina nacional de datos.', en: 'Roles: {r}. Only the national data office changes this account.' }, { r: person.roles.join(', ') })}</Notice>
      ) : (
      <form method="post" class="narrow" novalidate>
        <CsrfInput c={c} />
        <TextField c={c} name="name" label={c.t({ es: 'Nombre', en: 'Name' })} value={String(values.name ?? '')} errors={errors} required />
        <CheckboxesField c={c} name="roles" label={c.t({ es: 'Roles', en: 'Roles' })} vocabulary={ROLES} values={chosenRoles(values)} errors={errors} />
        <div class="field checkbox" id="f-disabled">
          {errors.filter((e) => e.field === 'disabled').map((e) => <p class="field-error">{c.t(e.message)}</p>)}
          <label><input type="checkbox" name="disabled" value="si" checked={values.disabled === true} /> {c.t({ es: 'Cuenta desactivada (no puede ingresar; sus sesiones se cierran)', en: 'Account disabled (cannot sign in; its sessions end)' })}</label>
        </div>
        <TextField c={c} name="password" type="password" label={c.t({ es: 'Asignar una contraseña nueva (opcional)', en: 'Set a new password (optional)' })} errors={errors} autocomplete="new-password" />
        <button type="submit">{c.t({ es: 'Guardar', en: 'Save' })}</button>
      </form>
      )}
    </Layout>
  );
}
