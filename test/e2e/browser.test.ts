import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { latin1Csv, REGISTRO_HEADER, registroRow } from '../support/files.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { startServerProcess, type ServerProcess } from '../support/processes.ts';
import { DEMO_PASSWORD } from '../../src/catalog/demo/accounts.ts';

/** End to end in Debian's Chromium against a real server process with the demo content. */
const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.REQUIRE_BROWSER) throw new Error(`${CHROMIUM} is required (REQUIRE_BROWSER is set): apt-get install -y chromium`);
const skip = available ? false : `${CHROMIUM} is not installed (apt-get install -y chromium); .ci/run installs it`;

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let t: TestPlatform;
let server: ServerProcess;
let browser: Browser;

before(async () => {
  if (!available) return;
  t = await testPlatform();
  await t.platform.close();
  server = await startServerProcess({ DATA_DIR: t.dataDir, SECRET: t.config.secret, DEMO: '1', ...(t.config.databaseUrl ? { DATABASE_URL: t.config.databaseUrl } : {}) });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
});

after(async () => {
  if (!available) return;
  await browser?.close();
  await server?.stop();
  const { openPlatform } = await import('../../src/platform.ts');
  t.platform = await openPlatform(t.config);
  await t.close();
});

async function newContext(options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({ baseURL: server.url, bypassCSP: true, locale: 'es-CO', ...options });
}

async function signIn(page: Page, email: string) {
  await page.goto('/login');
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel(/^Contraseña/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Runs axe-core with the WCAG 2.1 A and AA rules and returns the violations found. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, options: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

test('a visitor searches without accents and opens an asset', { skip }, async () => {
  const context = await newContext();
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Buscar en el inventario del Estado').fill('estadisticas vitales');
  await page.getByRole('button', { name: 'Buscar' }).click();
  await page.waitForURL(/\/search\?q=estadisticas/);
  const result = page.getByRole('link', { name: 'Estadísticas vitales: nacimientos y defunciones' });
  await result.click();
  await page.waitForURL(/\/assets\//);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Estadísticas vitales: nacimientos y defunciones Pública');
  assert.match(await page.locator('main').innerText(), /Departamento Administrativo Nacional de Estadística/);
  await context.close();
});

test('an editor imports a Latin-1 ";" Registro with one bad row, sees the error, fixes it, imports, and finds the new assets', { skip }, async () => {
  const context = await newContext();
  const page = await context.newPage();
  await signIn(page, 'editor@dane.gov.co');
  const rows = [
    ['DEPARTAMENTO ADMINISTRATIVO NACIONAL DE ESTADÍSTICA — Registro de Activos de Información'],
    REGISTRO_HEADER,
    registroRow('Encuesta de cultura política'),
    registroRow('Encuesta nacional de uso del tiempo', { availability: 'Tal vez' }),
    registroRow('Cuentas satélite de la economía del cuidado'),
  ];
  const upload = async (name: string, data: Buffer) => {
    await page.goto('/entities/899999027/import');
    await page.getByLabel(/Archivo \(XLSX o CSV/).setInputFiles({ name, mimeType: 'text/csv', buffer: data });
    await page.getByRole('button', { name: 'Revisar el archivo' }).click();
    await page.waitForURL(/\/imports\//);
    await page.getByText('Filas con activos').waitFor();
  };
  await upload('registro-dane.csv', latin1Csv(rows));
  const alert = page.getByRole('alert');
  assert.match(await alert.innerText(), /El archivo tiene 1 error; no se ha guardado nada/);
  const errorRow = page.locator('table', { has: page.getByText('Errores (deben corregirse)') }).locator('tbody tr');
  assert.match(await errorRow.innerText(), /^4\s+F · Información publicada o disponible\s+Tal vez\s+«Tal vez» no es un valor válido/);
  assert.equal(await page.getByRole('button', { name: /^Importar:/ }).count(), 0);

  rows[3] = registroRow('Encuesta nacional de uso del tiempo', { availability: 'Publicada' });
  await upload('registro-dane.csv', latin1Csv(rows));
  await page.getByRole('button', { name: 'Importar: crear 3 y actualizar 0' }).click();
  await page.getByText('Importación completa: 3 activos creados y 0 actualizados.').waitFor();

  await page.goto('/search?q=uso+del+tiempo');
  await page.getByRole('link', { name: 'Encuesta nacional de uso del tiempo' }).click();
  await page.waitForURL(/\/assets\//);
  assert.match(await page.locator('main').innerText(), /Publicada/);
  await context.close();
});

test('a person of another entity cannot see a reserved asset, by page or by API', { skip }, async () => {
  const steward = await newContext();
  const stewardPage = await steward.newPage();
  await signIn(stewardPage, 'datos@dane.gov.co');
  const created = await stewardPage.evaluate(async () => {
    const me = await (await fetch('/api/v1/me')).json();
    const response = await fetch('/api/v1/entities/899999027/assets', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token },
      body: JSON.stringify({ title: 'Informes de seguridad de la operación censal', description: 'Planes de seguridad del personal en zonas de conflicto.', medium: 'electronico', formats: ['PDF'], availability: 'disponible', legal_class: 'reservada', exception_ground: '19b', exception_scope: 'total', classified_on: '2025-01-01', exception_until: '2030-01-01', personal_data_class: 'ninguno' }),
    });
    return { status: response.status, body: await response.json() };
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id as string;
  await stewardPage.goto(`/assets/${id}`);
  assert.match(await stewardPage.getByRole('heading', { level: 1 }).innerText(), /Informes de seguridad/);
  await steward.close();

  const outsider = await newContext();
  const page = await outsider.newPage();
  await signIn(page, 'editor@mineducacion.gov.co');
  const response = await page.goto(`/assets/${id}`);
  assert.equal(response?.status(), 404);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'No encontrado');
  const api = await page.evaluate(async (assetId) => (await fetch(`/api/v1/assets/${assetId}`)).status, id);
  assert.equal(api, 404);
  await page.goto('/search?q=informes+de+seguridad+operacion+censal');
  assert.match(await page.getByRole('heading', { name: /resultados/ }).innerText(), /^0 resultados/);
  await outsider.close();

  const anonymous = await newContext();
  const visitor = await anonymous.newPage();
  assert.equal((await visitor.goto(`/assets/${id}`))?.status(), 404);
  await anonymous.close();
});

test('a visitor follows an asset to the transparency ledger and sees its entry verified, accessibly', { skip }, async () => {
  const context = await newContext();
  const page = await context.newPage();
  await page.goto('/search?q=estadisticas vitales');
  await page.getByRole('link', { name: 'Estadísticas vitales: nacimientos y defunciones' }).click();
  await page.waitForURL(/\/assets\//);
  await page.getByRole('link', { name: 'En el registro de transparencia' }).click();
  await page.waitForURL(/\/ledger\?subject=asset/);
  const problems = (await accessibilityViolations(page)).map((v) => `ledger → ${v}`);
  assert.match(await page.locator('main').innerText(), /Último punto de control firmado/);
  const rows = page.locator('tbody tr');
  assert.ok((await rows.count()) >= 1);
  assert.match(await rows.first().innerText(), /Activo registrado/);
  await rows.first().getByRole('link').first().click();
  await page.waitForURL(/\/ledger\/entry\/\d+/);
  await page.getByText('✓ Verificado.').waitFor();
  assert.match(await page.locator('main').innerText(), /Prueba de inclusión/);
  for (const v of await accessibilityViolations(page)) problems.push(`ledger entry → ${v}`);
  // Filtering by type, without JavaScript, is a plain GET form.
  await page.goto('/ledger');
  await page.getByLabel('Tipo').selectOption({ label: 'Entidad registrada' });
  await page.getByRole('button', { name: 'Filtrar' }).click();
  await page.waitForURL(/type=entity.created/);
  const types = await page.locator('tbody tr td:nth-child(3)').allInnerTexts();
  assert.ok(types.length > 0 && types.every((t) => t === 'Entidad registrada'), types.join(', '));
  assert.deepEqual(problems, []);
  await context.close();
});

test('pages meet WCAG 2.1 AA (axe-core), start with a skip link, and switch to English', { skip }, async () => {
  const context = await newContext();
  const page = await context.newPage();
  const anonymousPages = ['/', '/search?q=presupuesto', '/entities', '/entities/899999027', '/entities/899999027/instruments/indice-clasificada', '/login', '/api/docs',
    '/rulings', '/norms', '/agreements', '/standards', '/standards/divipola', '/standards/matricula-municipal', '/standards/divipola-municipios', '/sparql', `/sparql?query=${encodeURIComponent('SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 5')}`, `/sparql?query=${encodeURIComponent('SELECT ?x WHERE {')}`];
  const problems: string[] = [];
  for (const url of anonymousPages) {
    await page.goto(url);
    for (const v of await accessibilityViolations(page)) problems.push(`${url} → ${v}`);
  }
  await page.goto('/search?q=presupuesto');
  const first = page.getByRole('link', { name: /^Presupuesto/ }).first();
  await page.goto((await first.getAttribute('href'))!);
  for (const v of await accessibilityViolations(page)) problems.push(`asset page → ${v}`);
  await signIn(page, 'datos@dane.gov.co');
  for (const url of ['/entities/899999027/inventory', '/entities/899999027/assets/new', '/entities/899999027/import', '/account', '/harvest', '/entities/899999027/accountability', '/entities/899999027/exchange-clients']) {
    await page.goto(url);
    for (const v of await accessibilityViolations(page)) problems.push(`${url} → ${v}`);
  }
  // Sharing between entities: what DANE may request (the ICBF's restricted dataset), the form, its errors.
  await page.goto('/exchange');
  for (const v of await accessibilityViolations(page)) problems.push(`/exchange → ${v}`);
  await page.goto((await page.locator('a[href^="/access-requests/new"]').first().getAttribute('href'))!);
  for (const v of await accessibilityViolations(page)) problems.push(`request form → ${v}`);
  // The server's own checks (the browser's required fields set aside, as without them).
  await page.evaluate(() => document.querySelectorAll('form').forEach((f) => f.setAttribute('novalidate', '')));
  await page.getByRole('button', { name: 'Enviar la solicitud' }).click();
  await page.getByRole('alert').waitFor();
  for (const v of await accessibilityViolations(page)) problems.push(`request form with errors → ${v}`);
  await page.goto('/entities?sector=educacion');
  for (const v of await accessibilityViolations(page)) problems.push(`/entities?sector=educacion → ${v}`);
  // A form with errors is accessible too.
  await page.goto('/entities/899999027/assets/new');
  await page.getByRole('button', { name: 'Guardar' }).click();
  await page.getByRole('alert').waitFor();
  for (const v of await accessibilityViolations(page)) problems.push(`form with errors → ${v}`);
  await signIn(page, 'oficina.datos@dnp.gov.co');
  for (const url of ['/oversight', '/oversight/899999302', '/norms', '/standards', '/standards/divipola']) {
    await page.goto(url);
    for (const v of await accessibilityViolations(page)) problems.push(`${url} (data office) → ${v}`);
  }
  // The data office is told the municipality list is not loaded, and a file that is not DANE's is refused in place.
  assert.match(await page.locator('main').innerText(), /no está cargada/);
  await page.setInputFiles('#f-file', { name: 'antioquia.csv', mimeType: 'text/csv', buffer: Buffer.from('COD_DPTO,COD_MPIO,NOM_MPIO\n5,"5,001",MEDELLÍN\n') });
  await page.getByRole('button', { name: 'Cargar' }).click();
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /no es la lista completa/);
  for (const v of await accessibilityViolations(page)) problems.push(`/standards/divipola with errors → ${v}`);
  // The provider's view of the demo request, with its decision forms.
  await signIn(page, 'datos@icbf.gov.co');
  await page.goto('/exchange');
  await page.goto((await page.locator('a[href^="/access-requests/"]').first().getAttribute('href'))!);
  for (const v of await accessibilityViolations(page)) problems.push(`request (provider) → ${v}`);
  await signIn(page, 'arbitro@presidencia.gov.co');
  await page.goto('/disputes');
  for (const v of await accessibilityViolations(page)) problems.push(`/disputes → ${v}`);
  await signIn(page, 'admin@dane.gov.co');
  await page.goto('/entities/899999027/people');
  for (const v of await accessibilityViolations(page)) problems.push(`people → ${v}`);
  await page.getByRole('link', { name: 'Laura Gómez (DANE)' }).click();
  await page.waitForURL(/\/people\//);
  for (const v of await accessibilityViolations(page)) problems.push(`person → ${v}`);
  assert.deepEqual(problems, []);

  await page.goto('/');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Saltar al contenido');
  await page.getByRole('link', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'The State’s data, in one place' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await context.close();
});

test('without JavaScript: search, sign in and a whole import still work', { skip }, async () => {
  const context = await newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/search?q=matricula');
  assert.ok(await page.getByRole('link', { name: /Matrícula/ }).count() > 0);
  await signIn(page, 'editor@medellin.gov.co');
  await page.goto('/entities/890905211/import');
  await page.getByLabel(/Archivo \(XLSX o CSV/).setInputFiles({ name: 'medellin.csv', mimeType: 'text/csv', buffer: latin1Csv([REGISTRO_HEADER, registroRow('Presupuesto participativo por comuna')]) });
  await page.getByRole('button', { name: 'Revisar el archivo' }).click();
  // Without JavaScript the report page refreshes itself until the check is done.
  await page.getByRole('button', { name: 'Importar: crear 1 y actualizar 0' }).waitFor({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Importar: crear 1 y actualizar 0' }).click();
  await page.getByText('Importación completa: 1 activo creado y 0 actualizados.').waitFor({ timeout: 20_000 });
  await page.goto('/search?q=presupuesto+participativo');
  assert.equal(await page.getByRole('link', { name: 'Presupuesto participativo por comuna' }).count(), 1);
  await context.close();
});

test('an editor publishes a Latin-1 CSV with a progress bar, corrects its schema, and a visitor explores the data accessibly', { skip }, async () => {
  const context = await newContext();
  const page = await context.newPage();
  await signIn(page, 'editor@medellin.gov.co');
  await page.goto('/entities/890905211');
  await page.getByRole('link', { name: 'Publicar datos' }).click();
  await page.getByLabel('Título *').fill('Presupuesto participativo por comuna 2024');
  await page.getByRole('button', { name: 'Crear y cargar datos' }).click();
  await page.waitForURL(/\/datasets\/[a-z0-9-]+\/upload$/);
  const problems: string[] = [];
  for (const v of await accessibilityViolations(page)) problems.push(`upload form → ${v}`);
  const csv = ['Comuna;Nombre;Proyectos;Valor asignado;Fecha de aprobación', '01;Popular;12;1.250.000.000,50;15/03/2024', '02;Santa Cruz;9;980.000.000;15/03/2024', '14;El Poblado;4;310.500.000;22/04/2024', '16;Belén;11;1.100.000.000;22/04/2024'].join('\r\n');
  await page.getByLabel(/^Archivo \(máximo/).setInputFiles({ name: 'comunas.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'latin1') });
  await page.getByRole('button', { name: 'Subir y revisar' }).click();
  // The upload page polls its JSON twin and shows the inferred schema when the inspection is done.
  await page.getByRole('heading', { name: 'Esquema inferido' }).waitFor({ timeout: 30_000 });
  assert.equal(await page.getByText('windows-1252').count(), 1);
  for (const v of await accessibilityViolations(page)) problems.push(`schema review → ${v}`);
  await page.getByLabel('Proyectos', { exact: true }).selectOption('integer');
  await page.getByLabel('Descripción de Valor asignado').fill('Pesos colombianos asignados por el Consejo Comunal');
  await page.getByRole('button', { name: 'Guardar y publicar' }).click();
  await page.getByRole('link', { name: /Versión 1 publicada/ }).click({ timeout: 30_000 });
  await page.getByRole('heading', { level: 1, name: 'Presupuesto participativo por comuna 2024' }).waitFor();
  const datasetUrl = page.url();
  // A file with personal data: the upload page flags it, and the anonymization page previews k-anonymity.
  await page.goto(`${datasetUrl}/upload`);
  const people = ['Cédula;Nombres;Comuna;Edad', ...Array.from({ length: 60 }, (_, i) => `${1020304050 + i};${['María Gómez', 'Juan Pérez', 'Luz Ospina'][i % 3]} ${['Ruiz', 'Rojas', 'Díaz'][i % 3]};${String(1 + (i % 4)).padStart(2, '0')};${20 + (i % 40)}`)].join('\n');
  await page.getByLabel(/^Archivo \(máximo/).setInputFiles({ name: 'personas.csv', mimeType: 'text/csv', buffer: Buffer.from(people) });
  await page.getByRole('button', { name: 'Subir y revisar' }).click();
  await page.getByRole('heading', { name: 'Datos personales' }).waitFor({ timeout: 30_000 });
  for (const v of await accessibilityViolations(page)) problems.push(`personal data review → ${v}`);
  await page.getByRole('link', { name: /anonimizar la carga/ }).click();
  await page.getByLabel('Edad').check();
  await page.getByLabel('Comuna').check();
  await page.getByRole('button', { name: 'Vista previa' }).click();
  await page.getByRole('heading', { name: 'Riesgo de reidentificación' }).waitFor({ timeout: 30_000 });
  for (const v of await accessibilityViolations(page)) problems.push(`anonymization preview → ${v}`);
  await context.close();

  const visitor = await newContext();
  const view = await visitor.newPage();
  await view.goto(datasetUrl);
  assert.match(await view.locator('main').innerText(), /Pesos colombianos asignados por el Consejo Comunal/);
  await view.getByRole('link', { name: 'Valor asignado' }).first().click();
  await view.getByRole('link', { name: 'Valor asignado' }).first().click();
  assert.equal(await view.locator('section[aria-labelledby="vista"] th[aria-sort="descending"]').innerText(), 'Valor asignado ▼');
  assert.equal(await view.locator('section[aria-labelledby="vista"] tbody tr').first().locator('td').nth(1).innerText(), 'Popular');
  assert.ok(await view.locator('figure.histogram svg').count() > 0, 'histograms are drawn');
  for (const v of await accessibilityViolations(view)) problems.push(`dataset page → ${v}`);
  await view.goto('/datasets');
  for (const v of await accessibilityViolations(view)) problems.push(`/datasets → ${v}`);
  const id = new URL(datasetUrl).pathname.split('/').pop();
  // The quality report of the release arrives by itself; its page and the national dashboard are accessible.
  for (let tries = 0; (await (await fetch(`${server.url}/api/v1/datasets/${id}/quality`)).json()).report?.release !== 1; tries++) {
    assert.ok(tries < 300, 'quality report computed');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await view.goto(`${datasetUrl}/quality`);
  assert.match(await view.locator('main').innerText(), /Sello \d|Sin sello/);
  assert.ok(await view.locator('figure.chart svg').count() > 0, 'the MQA chart is drawn');
  for (const v of await accessibilityViolations(view)) problems.push(`quality page → ${v}`);
  await view.goto('/quality');
  for (const v of await accessibilityViolations(view)) problems.push(`/quality → ${v}`);
  assert.deepEqual(problems, []);
  const rows = await (await fetch(`${server.url}/resource/${id}.json?$order=proyectos DESC&$limit=1`)).json();
  assert.deepEqual(rows, [{ comuna: '01', nombre: 'Popular', proyectos: '12', valor_asignado: '1250000000.5', fecha_de_aprobacion: '2024-03-15T00:00:00.000' }]);
  await visitor.close();
});
