import type { FastifyInstance } from 'fastify';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { pageContextOf } from '../auth.ts';
import { sendPage } from '../render.tsx';

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: { type?: string; enum?: unknown[] } }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses?: Record<string, { description?: string }>;
  security?: unknown[];
}

type Spec = { paths: Record<string, Record<string, Operation>>; info: { title: string; description?: string } };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function describe(schema: unknown, depth = 0): string {
  const s = schema as { type?: string; properties?: Record<string, unknown>; items?: unknown; anyOf?: unknown[]; enum?: unknown[]; required?: string[] };
  if (!s || depth > 2) return '…';
  if (s.enum) return s.enum.map(String).join(' | ');
  if (s.anyOf) return s.anyOf.map((x) => describe(x, depth + 1)).join(' | ');
  if (s.type === 'array') return `[${describe(s.items, depth + 1)}]`;
  if (s.type === 'object' && s.properties) {
    return `{ ${Object.entries(s.properties).map(([k, v]) => `${k}${s.required?.includes(k) ? '' : '?'}: ${describe(v, depth + 1)}`).join(', ')} }`;
  }
  return s.type ?? 'any';
}

function DocsPage({ c, spec }: { c: PageContext; spec: Spec }) {
  const byTag = new Map<string, { path: string; method: string; op: Operation }[]>();
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = methods[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'otros';
      byTag.set(tag, [...(byTag.get(tag) ?? []), { path, method, op }]);
    }
  }
  return (
    <Layout c={c} title={c.t({ es: 'Documentación de la API', en: 'API documentation' })} json="/api/openapi.json">
      <h1>{c.t({ es: 'Documentación de la API', en: 'API documentation' })}</h1>
      <p>{spec.info.description}</p>
      <p>
        {c.t({ es: 'Descripción OpenAPI 3.1: ', en: 'OpenAPI 3.1 description: ' })}<a href="/api/openapi.json">/api/openapi.json</a>.{' '}
        {c.t({ es: 'Los errores tienen siempre la forma {"error": {"code", "message": {"es", "en"}, "details": [...]}}. Las escrituras con sesión de navegador llevan la cabecera X-CSRF-Token; con un token de API, la cabecera Authorization: Bearer.', en: 'Errors always have the form {"error": {"code", "message": {"es", "en"}, "details": [...]}}. Writes with a browser session carry the X-CSRF-Token header; with an API token, the Authorization: Bearer header.' })}
      </p>
      <nav aria-label={c.t({ es: 'Grupos', en: 'Groups' })}>
        <ul class="tabs">{[...byTag.keys()].map((tag) => <li><a href={`#tag-${tag}`}>{tag}</a></li>)}</ul>
      </nav>
      {[...byTag.entries()].map(([tag, ops]) => (
        <section aria-labelledby={`tag-${tag}`}>
          <h2 id={`tag-${tag}`}>{tag}</h2>
          {ops.map(({ path, method, op }) => (
            <article class="operation">
              <h3><span class={`method ${method}`}>{method.toUpperCase()}</span> <code>{path}</code></h3>
              {op.summary && <p>{op.summary}</p>}
              {op.description && <p class="muted">{op.description}</p>}
              {op.parameters && op.parameters.length > 0 && (
                <table>
                  <thead><tr><th scope="col">{c.t({ es: 'Parámetro', en: 'Parameter' })}</th><th scope="col">{c.t({ es: 'En', en: 'In' })}</th><th scope="col">{c.t({ es: 'Tipo', en: 'Type' })}</th><th scope="col">{c.t({ es: 'Descripción', en: 'Description' })}</th></tr></thead>
                  <tbody>
                    {op.parameters.map((p) => (
                      <tr><td><code>{p.name}</code>{p.required && ' *'}</td><td>{p.in}</td><td>{describe(p.schema)}</td><td>{p.description ?? ''}</td></tr>
                    ))}
                  </tbody>
                </table>
              )}
              {op.requestBody && (
                <p>{c.t({ es: 'Cuerpo', en: 'Body' })} ({Object.keys(op.requestBody.content).join(', ')}): <code class="schema">{describe(Object.values(op.requestBody.content)[0]?.schema)}</code></p>
              )}
              {op.responses && <p class="muted">{c.t({ es: 'Respuestas', en: 'Responses' })}: {Object.keys(op.responses).join(', ')}</p>}
            </article>
          ))}
        </section>
      ))}
    </Layout>
  );
}

/** The OpenAPI document and a no-JavaScript, bilingual page that presents it. */
export async function docsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/openapi.json', async () => app.swagger());
  app.get('/docs', async (request, reply) => sendPage(reply, DocsPage({ c: pageContextOf(request), spec: app.swagger() as unknown as Spec })));
}
