import { createReadStream, writeFileSync } from 'node:fs';
import path from 'node:path';
import { systemActor } from '../core/actor.ts';
import { random } from '../core/random.ts';
import type { Context } from '../store/context.ts';
import type { DivipolaTable } from '../store/schema.ts';
import { createDataset, startUpload } from './datasets.ts';
import { INGEST_JOB, PUBLISH_JOB } from './job-kinds.ts';

interface DemoDataset {
  nit: string;
  title: string;
  description: string;
  keywords: string[];
  themes: string[];
  /** Words of the inventory asset it publishes (the first public asset whose title has them). */
  asset?: string;
  access?: 'public' | 'restricted';
  file: string;
  rows: (m: DivipolaTable[], d: DivipolaTable[], r: () => number) => string[][];
  delimiter?: string;
}

const pick = <T,>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const int = (r: () => number, min: number, max: number) => Math.floor(min + r() * (max - min + 1));
/** Colombian number format, as Excel writes it here: 1.234.567,89. */
const co = (n: number, decimals = 0) => n.toLocaleString('es-CO', { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: true }).replace(/\u00a0/g, '.');
const dmy = (d: Date) => `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
const deptName = (d: DivipolaTable[], code: string) => d.find((x) => x.code === code)?.name ?? code;

const NAMES = ['María', 'José', 'Luis', 'Ana', 'Carlos', 'Luz', 'Jorge', 'Diana', 'Andrés', 'Paola', 'Juan', 'Sandra', 'Camilo', 'Valentina', 'Santiago', 'Isabella', 'Sofía', 'Samuel', 'Mariana', 'Matías'];
const SURNAMES = ['Rodríguez', 'Gómez', 'González', 'Martínez', 'García', 'López', 'Hernández', 'Sánchez', 'Ramírez', 'Pérez', 'Díaz', 'Muñoz', 'Rojas', 'Moreno', 'Jiménez', 'Vargas', 'Castro', 'Ortiz', 'Rubio', 'Suárez'];
const STREETS = ['Calle', 'Carrera', 'Avenida', 'Diagonal', 'Transversal'];

const DATASETS: DemoDataset[] = [
  {
    nit: '899999027', title: 'División Político-Administrativa de Colombia (DIVIPOLA): municipios', file: 'divipola-municipios.csv',
    description: 'Códigos y nombres de los departamentos y municipios de Colombia, con su tipo y las coordenadas de la cabecera, según la codificación del DANE.',
    keywords: ['DIVIPOLA', 'municipios', 'códigos', 'departamentos'], themes: ['GOVE', 'REGI'], asset: 'divipola',
    rows: (m, d) => [['Código Departamento', 'Departamento', 'Código Municipio', 'Municipio', 'Tipo', 'Latitud', 'Longitud'],
      ...m.map((x) => [x.department_code, deptName(d, x.department_code), x.code, x.name, x.municipality_type ?? '', x.latitude === null ? '' : co(x.latitude, 6), x.longitude === null ? '' : co(x.longitude, 6)])],
    delimiter: ';',
  },
  {
    nit: '899999001', title: 'Matrícula escolar por municipio y nivel educativo 2019-2024', file: 'matricula.csv',
    description: 'Estudiantes matriculados en educación preescolar, básica primaria, básica secundaria y media, por municipio, año y sector (oficial o no oficial), según el SIMAT.',
    keywords: ['matrícula', 'educación', 'SIMAT', 'estudiantes'], themes: ['EDUC'], asset: 'matr',
    rows: (m, _d, r) => {
      const out = [['Año', 'Código DANE', 'Municipio', 'Nivel', 'Sector', 'Matriculados', 'Tasa de cobertura neta']];
      for (const year of [2019, 2020, 2021, 2022, 2023, 2024]) for (const x of m) for (const level of ['Preescolar', 'Básica primaria', 'Básica secundaria', 'Media']) {
        out.push([String(year), x.code, x.name, level, r() < 0.8 ? 'Oficial' : 'No oficial', co(int(r, 20, 4000)), co(60 + r() * 39, 2)]);
      }
      return out;
    },
    delimiter: ';',
  },
  {
    nit: '899999090', title: 'Ejecución presupuestal del Presupuesto General de la Nación 2024', file: 'ejecucion-pgn-2024.csv',
    description: 'Apropiación vigente, compromisos, obligaciones y pagos por sección presupuestal, tipo de gasto y mes, en pesos corrientes.',
    keywords: ['presupuesto', 'ejecución', 'PGN', 'gasto'], themes: ['ECON', 'GOVE'], asset: 'presupuest',
    rows: (_m, _d, r) => {
      const out = [['Mes', 'Sección presupuestal', 'Tipo de gasto', 'Apropiación vigente', 'Compromisos', 'Obligaciones', 'Pagos']];
      const sections = ['Ministerio de Educación Nacional', 'Ministerio de Salud y Protección Social', 'Ministerio de Defensa Nacional', 'Ministerio de Transporte', 'Departamento Nacional de Planeación', 'Ministerio de Hacienda y Crédito Público', 'Instituto Colombiano de Bienestar Familiar', 'Departamento Administrativo Nacional de Estadística'];
      for (let month = 1; month <= 12; month++) for (const section of sections) for (const kind of ['Funcionamiento', 'Inversión', 'Servicio de la deuda']) {
        const budget = int(r, 50_000, 9_000_000) * 1_000_000;
        const committed = budget * Math.min(1, month / 12 + r() * 0.1);
        out.push([`${month}/2024`, section, kind, co(budget, 2), co(committed, 2), co(committed * 0.9, 2), co(committed * 0.8, 2)]);
      }
      return out.map((row, i) => (i === 0 ? row : [`01/${row[0]!.padStart(7, '0')}`, ...row.slice(1)]));
    },
    delimiter: ';',
  },
  {
    nit: '900514813', title: 'Contratos electrónicos del SECOP II 2024', file: 'secop-ii-2024.csv',
    description: 'Contratos firmados por las entidades estatales en el SECOP II durante 2024: entidad, modalidad, objeto, valor, fecha de firma y lugar de ejecución.',
    keywords: ['contratación', 'SECOP', 'compras públicas', 'contratos'], themes: ['GOVE', 'ECON'], asset: 'contrat',
    rows: (m, d, r) => {
      const out = [['ID del contrato', 'Entidad', 'NIT de la entidad', 'Modalidad', 'Objeto', 'Valor del contrato', 'Fecha de firma', 'Departamento', 'Código municipio', 'Adición']];
      const entities: [string, string][] = [['Ministerio de Educación Nacional', '899999001'], ['Instituto Nacional de Vías', '800215807'], ['Alcaldía de Medellín', '890905211'], ['Gobernación de Antioquia', '890900286'], ['Servicio Nacional de Aprendizaje', '899999034'], ['Alcaldía Mayor de Bogotá', '899999061']];
      const modes = ['Contratación directa', 'Licitación pública', 'Selección abreviada de menor cuantía', 'Mínima cuantía', 'Concurso de méritos'];
      const objects = ['Prestación de servicios profesionales de apoyo a la gestión', 'Mantenimiento de la red vial terciaria', 'Suministro de alimentación escolar (PAE)', 'Adquisición de equipos de cómputo', 'Interventoría técnica, administrativa y financiera', 'Suministro de papelería y útiles de oficina'];
      for (let i = 0; i < 6000; i++) {
        const [name, nit] = pick(r, entities);
        const place = pick(r, m);
        out.push([`CO1.PCCNTR.${5_000_000 + i}`, name, nit, pick(r, modes), pick(r, objects), co(int(r, 2_000, 900_000) * 10_000), dmy(new Date(Date.UTC(2024, 0, 1 + int(r, 0, 364)))), deptName(d, place.department_code), place.code, r() < 0.15 ? 'Sí' : 'No']);
      }
      return out;
    },
  },
  {
    nit: '899999403', title: 'Casos de dengue por municipio y semana epidemiológica 2024', file: 'dengue-2024.csv',
    description: 'Casos notificados al Sivigila de dengue, dengue grave y mortalidad por dengue, por municipio de procedencia y semana epidemiológica.',
    keywords: ['dengue', 'Sivigila', 'salud pública', 'vigilancia'], themes: ['HEAL'], asset: 'vigilancia',
    rows: (m, _d, r) => {
      const out = [['Semana', 'Código municipio', 'Municipio', 'Casos dengue', 'Casos dengue grave', 'Muertes']];
      for (const x of m.filter((_, i) => i % 5 === 0)) for (let week = 1; week <= 52; week++) {
        const cases = Math.floor(r() ** 3 * 60);
        out.push([String(week), x.code, x.name, String(cases), String(Math.floor(cases * r() * 0.05)), String(r() < 0.01 ? 1 : 0)]);
      }
      return out;
    },
  },
  {
    nit: '830000602', title: 'Concentración horaria de PM2.5 en estaciones de calidad del aire, marzo de 2024', file: 'pm25-marzo-2024.csv',
    description: 'Mediciones horarias de material particulado PM2.5 (µg/m³) reportadas al SISAIRE por las estaciones de vigilancia de calidad del aire.',
    keywords: ['calidad del aire', 'PM2.5', 'SISAIRE', 'contaminación'], themes: ['ENVI', 'HEAL'], asset: 'aire',
    rows: (_m, _d, r) => {
      const out = [['Estación', 'Ciudad', 'Fecha y hora', 'PM2.5 (µg/m³)', 'Válido']];
      const stations: [string, string][] = [['Kennedy', 'Bogotá'], ['Carvajal-Sevillana', 'Bogotá'], ['Usaquén', 'Bogotá'], ['Museo de Antioquia', 'Medellín'], ['Itagüí - Casa de Justicia', 'Itagüí'], ['Univalle', 'Cali'], ['Móvil 7ma', 'Bogotá'], ['Bucaramanga Centro', 'Bucaramanga']];
      for (const [station, city] of stations) for (let h = 0; h < 31 * 24; h++) {
        const t = new Date(Date.UTC(2024, 2, 1, h));
        out.push([station, city, `${dmy(t)} ${String(t.getUTCHours()).padStart(2, '0')}:00`, co(8 + r() * 45 + (t.getUTCHours() > 5 && t.getUTCHours() < 10 ? 15 : 0), 1), r() < 0.97 ? 'sí' : 'no']);
      }
      return out;
    },
    delimiter: ';',
  },
  {
    nit: '860024301', title: 'Resultados del examen Saber 11 por departamento, 2023', file: 'saber11-2023.csv',
    description: 'Puntaje promedio y desviación estándar de los estudiantes evaluados en el examen Saber 11 por departamento, área y naturaleza del colegio.',
    keywords: ['Saber 11', 'ICFES', 'evaluación', 'calidad educativa'], themes: ['EDUC'], asset: 'saber',
    rows: (_m, d, r) => {
      const out = [['Código departamento', 'Departamento', 'Área', 'Naturaleza', 'Evaluados', 'Puntaje promedio', 'Desviación estándar']];
      for (const x of d) for (const area of ['Lectura crítica', 'Matemáticas', 'Sociales y ciudadanas', 'Ciencias naturales', 'Inglés']) for (const kind of ['Oficial', 'No oficial']) {
        out.push([x.code, x.name, area, kind, co(int(r, 300, 60_000)), co(38 + r() * 22, 2), co(8 + r() * 4, 2)]);
      }
      return out;
    },
    delimiter: ';',
  },
  {
    nit: '899999027', title: 'Nacimientos por departamento de residencia de la madre y sexo, 2015-2023', file: 'nacimientos.csv',
    description: 'Nacidos vivos según estadísticas vitales del DANE, por año, departamento de residencia de la madre y sexo del recién nacido.',
    keywords: ['nacimientos', 'estadísticas vitales', 'población'], themes: ['SOCI', 'HEAL'], asset: 'vital',
    rows: (_m, d, r) => {
      const out = [['Año', 'Código departamento', 'Departamento', 'Sexo', 'Nacimientos']];
      for (let year = 2015; year <= 2023; year++) for (const x of d) for (const sex of ['Hombre', 'Mujer']) out.push([String(year), x.code, x.name, sex, String(int(r, 300, 45_000))]);
      return out;
    },
  },
  {
    nit: '899999061', title: 'Siniestros viales en Bogotá, 2024', file: 'siniestros-bogota-2024.csv',
    description: 'Siniestros de tránsito registrados en Bogotá con su fecha y hora, localidad, gravedad, clase y ubicación aproximada.',
    keywords: ['siniestros viales', 'movilidad', 'accidentes', 'Bogotá'], themes: ['TRAN'], asset: 'movilidad',
    rows: (_m, _d, r) => {
      const out = [['Código del siniestro', 'Fecha y hora', 'Localidad', 'Gravedad', 'Clase', 'Latitud', 'Longitud']];
      const localidades = ['Usaquén', 'Chapinero', 'Santa Fe', 'San Cristóbal', 'Usme', 'Tunjuelito', 'Bosa', 'Kennedy', 'Fontibón', 'Engativá', 'Suba', 'Barrios Unidos', 'Teusaquillo', 'Los Mártires', 'Antonio Nariño', 'Puente Aranda', 'La Candelaria', 'Rafael Uribe Uribe', 'Ciudad Bolívar'];
      for (let i = 0; i < 4000; i++) {
        const t = new Date(Date.UTC(2024, 0, 1) + Math.floor(r() * 366 * 24 * 60) * 60_000);
        out.push([`A${String(1_400_000 + i)}`, t.toISOString().slice(0, 16).replace('T', ' '), pick(r, localidades), pick(r, ['Solo daños', 'Solo daños', 'Con heridos', 'Con muertos']), pick(r, ['Choque', 'Atropello', 'Volcamiento', 'Caída de ocupante']), (4.55 + r() * 0.2).toFixed(3), (-74.2 + r() * 0.15).toFixed(3)]);
      }
      return out;
    },
  },
  {
    nit: '899999053', title: 'Accesos fijos a internet por municipio, 2024', file: 'internet-fijo-2024.csv',
    description: 'Número de accesos fijos a internet por municipio, trimestre, tecnología y segmento, reportados por los proveedores de redes y servicios.',
    keywords: ['internet', 'conectividad', 'TIC', 'accesos'], themes: ['TECH'], asset: 'internet',
    rows: (m, _d, r) => {
      const out = [['Año', 'Trimestre', 'Código municipio', 'Municipio', 'Tecnología', 'Segmento', 'Accesos']];
      for (const q of [1, 2, 3, 4]) for (const x of m) for (const tech of ['Fibra óptica', 'Cable', 'xDSL']) out.push(['2024', String(q), x.code, x.name, tech, r() < 0.85 ? 'Residencial' : 'Corporativo', String(int(r, 0, 25_000))]);
      return out;
    },
  },
  {
    nit: '899999239', title: 'Beneficiarios de los servicios de primera infancia (datos personales)', file: 'beneficiarios-primera-infancia.csv', access: 'restricted',
    description: 'Niñas y niños atendidos en las modalidades de educación inicial, con sus datos de identificación y de contacto del acudiente. Contiene datos personales y de menores de edad (Ley 1581 de 2012): no es de acceso público.',
    keywords: ['primera infancia', 'beneficiarios', 'datos personales'], themes: ['SOCI', 'EDUC'], asset: 'beneficiari',
    rows: (m, _d, r) => {
      const out = [['Tipo de documento', 'Número de documento', 'Nombres', 'Apellidos', 'Fecha de nacimiento', 'Sexo', 'Código municipio', 'Modalidad', 'Nombre del acudiente', 'Teléfono del acudiente', 'Dirección']];
      for (let i = 0; i < 1500; i++) {
        const born = new Date(Date.UTC(2019 + int(r, 0, 4), int(r, 0, 11), int(r, 1, 28)));
        out.push(['Registro civil', String(int(r, 1_000_000_000, 1_199_999_999)), pick(r, NAMES), `${pick(r, SURNAMES)} ${pick(r, SURNAMES)}`, dmy(born), pick(r, ['Femenino', 'Masculino']), pick(r, m).code, pick(r, ['Institucional', 'Familiar', 'Comunitaria']), `${pick(r, NAMES)} ${pick(r, SURNAMES)}`, `3${int(r, 0, 2)}${int(r, 0, 9)} ${int(r, 100, 999)} ${int(r, 1000, 9999)}`, `${pick(r, STREETS)} ${int(r, 1, 150)} # ${int(r, 1, 99)}-${int(r, 1, 99)}`]);
      }
      return out;
    },
  },
];

function csvLine(cells: string[], delimiter: string): string {
  return cells.map((c) => (c.includes(delimiter) || c.includes('"') || c.includes('\n') ? `"${c.replace(/"/g, '""')}"` : c)).join(delimiter);
}

/** Publishes the demo datasets once (when there are none), through the same upload and ingest as everyone. */
export async function loadDemoDatasets(base: Context, onProgress: (message: string) => void = () => {}): Promise<number> {
  if (await base.db.selectFrom('datasets').select('id').limit(1).executeTakeFirst()) return 0;
  const ctx: Context = { ...base, actor: systemActor('Datos de demostración') };
  const places = await ctx.db.selectFrom('divipola').selectAll().orderBy('code').execute();
  const municipalities = places.filter((p) => p.kind === 'municipality');
  const departments = places.filter((p) => p.kind === 'department');
  const scratch = ctx.engine.scratch('demo');
  try {
    for (const [i, demo] of DATASETS.entries()) {
      const entity = await ctx.db.selectFrom('entities').select(['id']).where('nit', '=', demo.nit).executeTakeFirst();
      if (!entity) continue;
      const asset = demo.asset ? await ctx.db.selectFrom('assets').select('id').where('entity_id', '=', entity.id).where('legal_class', '=', 'publica').where('title_key', 'like', `%${demo.asset}%`).executeTakeFirst() : undefined;
      const dataset = await createDataset(ctx, demo.nit, { title: demo.title, description: demo.description, keywords: demo.keywords, themes: demo.themes, asset_id: asset?.id ?? null, access_level: demo.access ?? 'public' });
      const delimiter = demo.delimiter ?? ',';
      const file = path.join(scratch.dir, demo.file);
      writeFileSync(file, demo.rows(municipalities, departments, random(1000 + i)).map((row) => csvLine(row, delimiter)).join('\r\n') + '\r\n');
      await startUpload(ctx, dataset.id, { fileName: demo.file, stream: createReadStream(file) }, { publish: true });
      onProgress(`${demo.title}`);
    }
    // Publishing only: quality reports wait for the server, which they reach over HTTP to check links.
    await ctx.queue.runUntilIdle([INGEST_JOB, PUBLISH_JOB]);
  } finally {
    scratch.done();
  }
  return DATASETS.length;
}
