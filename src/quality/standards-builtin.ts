/**
 * The code lists every installation starts with, published by the national data office as version 1.0:
 * DIVIPOLA (read from DANE's list loaded at start), the identity document types used in Colombian
 * administrative records, and the sections of the CIIU Rev. 4 A.C. (DANE's adaptation of ISIC Rev. 4).
 */

export interface CodeListRow {
  codigo: string;
  nombre: string;
  /** The code of the broader concept (a municipality's department), if any. */
  superior?: string;
}

export interface BuiltinCodeList {
  id: string;
  title: string;
  description: string;
  /** Rows kept in the registry; DIVIPOLA's come from the divipola table instead. */
  rows: CodeListRow[] | 'divipola-departments' | 'divipola-municipalities';
  /** The standard whose concepts this list's superior codes name. */
  broader?: string;
}

export const BUILTIN_CODE_LISTS: BuiltinCodeList[] = [
  {
    id: 'divipola-departamentos',
    title: 'DIVIPOLA: departamentos',
    description: 'Códigos de los departamentos de Colombia según la División Político-Administrativa del DANE.',
    rows: 'divipola-departments',
  },
  {
    id: 'divipola-municipios',
    title: 'DIVIPOLA: municipios',
    description: 'Códigos de los municipios de Colombia según la División Político-Administrativa del DANE, con su departamento.',
    rows: 'divipola-municipalities',
    broader: 'divipola-departamentos',
  },
  {
    id: 'tipos-documento',
    title: 'Tipos de documento de identificación',
    description: 'Tipos de documento con que se identifica a una persona en los registros administrativos colombianos.',
    rows: [
      { codigo: 'RC', nombre: 'Registro civil de nacimiento' },
      { codigo: 'TI', nombre: 'Tarjeta de identidad' },
      { codigo: 'CC', nombre: 'Cédula de ciudadanía' },
      { codigo: 'CE', nombre: 'Cédula de extranjería' },
      { codigo: 'TE', nombre: 'Tarjeta de extranjería' },
      { codigo: 'PA', nombre: 'Pasaporte' },
      { codigo: 'PEP', nombre: 'Permiso especial de permanencia' },
      { codigo: 'PPT', nombre: 'Permiso por protección temporal' },
      { codigo: 'DIE', nombre: 'Documento de identificación extranjero' },
      { codigo: 'CD', nombre: 'Carné diplomático' },
      { codigo: 'SC', nombre: 'Salvoconducto de permanencia' },
      { codigo: 'NIT', nombre: 'Número de identificación tributaria' },
      { codigo: 'MS', nombre: 'Menor sin identificación' },
      { codigo: 'AS', nombre: 'Adulto sin identificación' },
    ],
  },
  {
    id: 'ciiu-secciones',
    title: 'CIIU Rev. 4 A.C.: secciones',
    description: 'Secciones de la Clasificación Industrial Internacional Uniforme de todas las actividades económicas, revisión 4 adaptada para Colombia (DANE).',
    rows: [
      { codigo: 'A', nombre: 'Agricultura, ganadería, caza, silvicultura y pesca' },
      { codigo: 'B', nombre: 'Explotación de minas y canteras' },
      { codigo: 'C', nombre: 'Industrias manufactureras' },
      { codigo: 'D', nombre: 'Suministro de electricidad, gas, vapor y aire acondicionado' },
      { codigo: 'E', nombre: 'Distribución de agua; evacuación y tratamiento de aguas residuales, gestión de desechos y actividades de saneamiento ambiental' },
      { codigo: 'F', nombre: 'Construcción' },
      { codigo: 'G', nombre: 'Comercio al por mayor y al por menor; reparación de vehículos automotores y motocicletas' },
      { codigo: 'H', nombre: 'Transporte y almacenamiento' },
      { codigo: 'I', nombre: 'Alojamiento y servicios de comida' },
      { codigo: 'J', nombre: 'Información y comunicaciones' },
      { codigo: 'K', nombre: 'Actividades financieras y de seguros' },
      { codigo: 'L', nombre: 'Actividades inmobiliarias' },
      { codigo: 'M', nombre: 'Actividades profesionales, científicas y técnicas' },
      { codigo: 'N', nombre: 'Actividades de servicios administrativos y de apoyo' },
      { codigo: 'O', nombre: 'Administración pública y defensa; planes de seguridad social de afiliación obligatoria' },
      { codigo: 'P', nombre: 'Educación' },
      { codigo: 'Q', nombre: 'Actividades de atención de la salud humana y de asistencia social' },
      { codigo: 'R', nombre: 'Actividades artísticas, de entretenimiento y recreación' },
      { codigo: 'S', nombre: 'Otras actividades de servicios' },
      { codigo: 'T', nombre: 'Actividades de los hogares individuales en calidad de empleadores; actividades no diferenciadas de los hogares individuales como productores de bienes y servicios para uso propio' },
      { codigo: 'U', nombre: 'Actividades de organizaciones y entidades extraterritoriales' },
    ],
  },
];
