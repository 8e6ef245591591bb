import type { ComponentChildren } from 'preact';
import { labelOf, ROLES } from '../catalog/vocabularies.ts';
import type { PageContext } from './page-context.ts';

export interface Crumb {
  href?: string;
  label: string;
}

interface LayoutProps {
  c: PageContext;
  title: string;
  /** The page's JSON twin in the API. */
  json?: string;
  crumbs?: Crumb[];
  children: ComponentChildren;
  /** Refreshes the page (no-JavaScript fallback for progress). */
  refreshSeconds?: number;
}

function switchLanguage(url: string, lang: 'es' | 'en'): string {
  return `/lang?to=${lang}&back=${encodeURIComponent(url)}`;
}

export function Layout({ c, title, json, crumbs, children, refreshSeconds }: LayoutProps) {
  const { t, actor } = c;
  const other = c.lang === 'es' ? 'en' : 'es';
  return (
    <html lang={c.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · infradatos`}</title>
        <link rel="stylesheet" href="/static/style.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        {json && <link rel="alternate" type="application/json" href={json} />}
        {refreshSeconds && <meta http-equiv="refresh" content={String(refreshSeconds)} />}
        <script src="/static/app.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#contenido">{t({ es: 'Saltar al contenido', en: 'Skip to content' })}</a>
        <header class="site">
          <div class="bar">
            <a class="brand" href="/">
              <span class="logo" aria-hidden="true">▦</span> infradatos
            </a>
            <nav aria-label={t({ es: 'Principal', en: 'Main' })}>
              <ul>
                <li><a href="/search">{t({ es: 'Buscar', en: 'Search' })}</a></li>
                <li><a href="/datasets">{t({ es: 'Datos', en: 'Data' })}</a></li>
                <li><a href="/entities">{t({ es: 'Entidades', en: 'Entities' })}</a></li>
                {actor.kind === 'person' && (
                  <>
                    <li><a href={`/entities/${actor.entityId.split('/').pop()}/inventory`}>{t({ es: 'Mi inventario', en: 'My inventory' })}</a></li>
                    <li><a href="/exchange">{t({ es: 'Intercambio', en: 'Sharing' })}</a></li>
                  </>
                )}
                {actor.kind === 'person' && actor.roles.includes('data_office') && <li><a href="/oversight">{t({ es: 'Vigilancia', en: 'Oversight' })}</a></li>}
                <li><a href="/quality">{t({ es: 'Calidad', en: 'Quality' })}</a></li>
                <li><a href="/ledger">{t({ es: 'Transparencia', en: 'Transparency' })}</a></li>
                <li><a href="/api/docs">API</a></li>
              </ul>
            </nav>
            <div class="account">
              <a href={switchLanguage(c.url, other)} lang={other} hreflang={other}>
                {other === 'en' ? 'English' : 'Español'}
              </a>
              {actor.kind === 'person' ? (
                <>
                  <a href="/account" title={actor.roles.map((r) => labelOf(ROLES, r, c.lang)).join(', ')}>{actor.name}</a>
                  <form method="post" action="/logout" class="inline">
                    <input type="hidden" name="_csrf" value={c.csrf} />
                    <button type="submit" class="link">{t({ es: 'Salir', en: 'Sign out' })}</button>
                  </form>
                </>
              ) : (
                <a href={`/login?next=${encodeURIComponent(c.url)}`}>{t({ es: 'Ingresar', en: 'Sign in' })}</a>
              )}
            </div>
          </div>
        </header>
        {crumbs && crumbs.length > 0 && (
          <nav class="crumbs" aria-label={t({ es: 'Ruta de navegación', en: 'Breadcrumb' })}>
            <ol>
              {crumbs.map((crumb, i) => (
                <li>{crumb.href && i < crumbs.length - 1 ? <a href={crumb.href}>{crumb.label}</a> : <span aria-current="page">{crumb.label}</span>}</li>
              ))}
            </ol>
          </nav>
        )}
        <main id="contenido" tabindex={-1}>
          {children}
        </main>
        <footer class="site">
          <p>
            {t({ es: 'infradatos: infraestructura de datos del Estado, software libre.', en: 'infradatos: the State’s data infrastructure, free software.' })}{' '}
            {json && (
              <a href={json}>{t({ es: 'Esta página en JSON', en: 'This page as JSON' })}</a>
            )}{' '}
            · <a href="/api/docs">{t({ es: 'Documentación de la API', en: 'API documentation' })}</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

