import type { AppError } from '../../core/errors.ts';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';

const TITLES: Record<number, { es: string; en: string }> = {
  400: { es: 'Datos inválidos', en: 'Invalid data' },
  401: { es: 'Debe iniciar sesión', en: 'Sign-in required' },
  403: { es: 'Sin permiso', en: 'Not allowed' },
  404: { es: 'No encontrado', en: 'Not found' },
  409: { es: 'Conflicto', en: 'Conflict' },
  413: { es: 'Archivo demasiado grande', en: 'File too large' },
  415: { es: 'Formato no admitido', en: 'Unsupported format' },
  423: { es: 'Recurso en uso', en: 'Resource in use' },
  429: { es: 'Demasiados intentos', en: 'Too many attempts' },
  500: { es: 'Error interno', en: 'Internal error' },
};

export function ErrorPage({ c, error }: { c: PageContext; error: AppError }) {
  const title = c.t(TITLES[error.status] ?? TITLES[500]!);
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <p class="lead">{c.t(error.messages)}</p>
      {error.details.length > 0 && (
        <ul class="error-list">
          {error.details.map((d) => (
            <li>
              {d.row !== undefined && `${c.t({ es: 'Fila', en: 'Row' })} ${d.row}${d.column ? `, ${d.column}` : ''}: `}
              {c.t(d.message)}
            </li>
          ))}
        </ul>
      )}
      {error.status === 401 && (
        <p>
          <a class="button" href={`/login?next=${encodeURIComponent(c.url)}`}>{c.t({ es: 'Ingresar', en: 'Sign in' })}</a>
        </p>
      )}
      <p>
        <a href="/">{c.t({ es: 'Volver al inicio', en: 'Back to the home page' })}</a>
      </p>
    </Layout>
  );
}
