import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { ASSET_FIELDS } from './asset-fields.ts';
import { FACETS, MAX_PER_PAGE, SORTS } from './search.ts';

/** Schemas of the catalog API, shared by validation and the OpenAPI description. */

export const Bilingual = Type.Object({ es: Type.String(), en: Type.String() });

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'validation | unauthorized | forbidden | not_found | conflict | payload_too_large | …' }),
    message: Bilingual,
    details: Type.Optional(Type.Array(Type.Object({
      message: Bilingual,
      field: Type.Optional(Type.String()),
      file: Type.Optional(Type.String()),
      row: Type.Optional(Type.Integer()),
      column: Type.Optional(Type.String()),
      value: Type.Optional(Type.String()),
    }, { additionalProperties: true }))),
  }),
}, { description: 'Error: what was wrong and where, in Spanish and English.' });

export const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, ErrorResponse]));

const loose = <T extends Record<string, TSchema>>(props: T, description?: string) =>
  Type.Object(props, { additionalProperties: true, ...(description ? { description } : {}) });

export const EntityKey = Type.Object({
  key: Type.String({ description: 'NIT (con o sin dígito de verificación) o identificador CO/GOV/NIT codificado. / NIT (with or without check digit) or URL-encoded CO/GOV/NIT id.' }),
});

export const EntityBody = Type.Object({
  nit: Type.Optional(Type.String({ description: 'NIT con dígito de verificación, ej. 899999027-8' })),
  name: Type.Optional(Type.String()),
  acronym: Type.Optional(Type.String()),
  sector: Type.Optional(Type.String({ description: 'Código del vocabulario «sector» (/api/v1/vocabularies).' })),
  orden: Type.Optional(Type.String({ enum: ['nacional', 'territorial'] })),
  department_code: Type.Optional(Type.String({ description: 'Código DIVIPOLA de departamento (2 dígitos).' })),
  municipality_code: Type.Optional(Type.String({ description: 'Código DIVIPOLA de municipio (5 dígitos).' })),
  website: Type.Optional(Type.String()),
  contact_name: Type.Optional(Type.String()),
  contact_email: Type.Optional(Type.String()),
  contact_phone: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  version: Type.Optional(Type.Integer({ description: 'Versión que se editó (también vale la cabecera If-Match).' })),
}, { additionalProperties: false });

export const Entity = loose({
  id: Type.String({ description: 'Identificador de miembro estilo X-Road: CO/GOV/<NIT>' }),
  nit: Type.String(),
  name: Type.String(),
  sector: Type.String(),
  orden: Type.String(),
  department_code: Type.String(),
  version: Type.Integer(),
});

export const EntityList = Type.Object({
  count: Type.Integer(),
  results: Type.Array(loose({ id: Type.String(), nit: Type.String(), name: Type.String(), asset_count: Type.Integer() })),
});

const fieldValue = (kind: string) =>
  kind === 'choices' || kind === 'list' || kind === 'places'
    ? Type.Union([Type.Array(Type.String()), Type.String()])
    : kind === 'boolean'
      ? Type.Union([Type.Boolean(), Type.String()])
      : Type.Union([Type.String(), Type.Null()]);

export const AssetBody = Type.Object(
  {
    ...Object.fromEntries(ASSET_FIELDS.map((f) => [f.key, Type.Optional({ ...fieldValue(f.kind), description: `${f.label.es} / ${f.label.en}` })])),
    version: Type.Optional(Type.Integer({ description: 'Versión que se editó (obligatoria al modificar; también vale If-Match).' })),
    reason: Type.Optional(Type.String({ description: 'Motivo del cambio (queda en el historial).' })),
  },
  { additionalProperties: false },
);

export const Asset = loose({
  id: Type.String(),
  entity_id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  legal_class: Type.String(),
  is_public: Type.Boolean(),
  version: Type.Integer(),
}, 'Activo de información: todos los campos del Registro de Activos más metadatos DCAT.');

export const AssetList = Type.Object({
  count: Type.Integer(),
  page: Type.Integer(),
  per_page: Type.Integer(),
  results: Type.Array(Asset),
});

export const Paging = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
  legal_class: Type.Optional(Type.Array(Type.String({ enum: ['publica', 'clasificada', 'reservada'] }))),
});

export const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 300, description: 'Texto libre: sin distinguir tildes ni mayúsculas, con prefijos y tolerancia a errores de escritura.' })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, default: 20 })),
  sort: Type.Optional(Type.String({ enum: [...SORTS], default: 'relevance' })),
  ...Object.fromEntries(FACETS.map((f) => [f, Type.Optional(Type.Array(Type.String(), { description: `Filtro por faceta «${f}» (repetible).` }))])),
});

export const SearchResponse = Type.Object({
  q: Type.String(),
  count: Type.Integer(),
  page: Type.Integer(),
  per_page: Type.Integer(),
  pages: Type.Integer(),
  sort: Type.String(),
  approximate: Type.Boolean({ description: 'Verdadero si no hubo coincidencias exactas y se muestran resultados tolerantes a errores.' }),
  corrected_q: Type.Optional(Type.String({ description: 'La consulta corregida cuyos resultados se muestran. / The spelling-corrected query whose results are shown.' })),
  results: Type.Array(loose({ id: Type.String(), type: Type.String(), title: Type.String(), entity: loose({ id: Type.String(), nit: Type.String(), name: Type.String() }) })),
  facets: Type.Record(Type.String(), Type.Array(Type.Object({ value: Type.String(), count: Type.Integer(), label: Type.Optional(Type.String()) }))),
});

export const VersionQuery = Type.Object({ version: Type.Optional(Type.Integer()) });

export const ImportView = loose({
  id: Type.String(),
  status: Type.String({ enum: ['queued', 'running', 'succeeded', 'failed'] }),
  dry_run: Type.Boolean(),
  progress: loose({ done: Type.Number(), total: Type.Union([Type.Number(), Type.Null()]), percent: Type.Union([Type.Number(), Type.Null()]) }),
});

export const RerunBody = Type.Object({
  dry_run: Type.Optional(Type.Boolean({ default: true })),
  sheet: Type.Optional(Type.String()),
  mapping: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Encabezado de columna → campo (o "" para ignorarla).' })),
}, { additionalProperties: false });

export const LoginBody = Type.Object({ email: Type.String(), password: Type.String() }, { additionalProperties: false });

export const PersonBody = Type.Object({
  email: Type.String(),
  name: Type.Optional(Type.String()),
  roles: Type.Union([Type.Array(Type.String()), Type.String()]),
  password: Type.String(),
}, { additionalProperties: false });

export const Person = loose({ id: Type.String(), email: Type.String(), name: Type.String(), entity_id: Type.String(), roles: Type.Array(Type.String()) });

export const TokenBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 730, default: 365 })),
}, { additionalProperties: false });

export const PersonChangeBody = Type.Object({
  name: Type.Optional(Type.String()),
  roles: Type.Optional(Type.Union([Type.Array(Type.String()), Type.String()])),
  disabled: Type.Optional(Type.Boolean()),
  password: Type.Optional(Type.String({ description: 'Nueva contraseña asignada por el administrador. / New password set by the administrator.' })),
}, { additionalProperties: false });

export const PasswordBody = Type.Object({
  current_password: Type.String(),
  new_password: Type.String(),
}, { additionalProperties: false });
