/**
 * Real Colombian public bodies for the demo content. Names, sectors and locations are real; NITs
 * are taken from public sources (verification digits are computed), but check them before using
 * this list for anything but a demonstration.
 */
export interface DemoEntity {
  nit: string;
  name: string;
  acronym?: string;
  sector: string;
  orden: 'nacional' | 'territorial';
  department: string;
  municipality?: string;
  web: string;
  /** Selects the sector-specific assets. */
  profile: string;
}

const national = (nit: string, name: string, acronym: string, sector: string, web: string, profile: string): DemoEntity => ({
  nit, name, acronym, sector, orden: 'nacional', department: '11', municipality: '11001', web, profile,
});

export const DEMO_ENTITIES: DemoEntity[] = [
  national('899999027', 'Departamento Administrativo Nacional de Estadística', 'DANE', 'estadistica', 'https://www.dane.gov.co', 'dane'),
  national('899999011', 'Departamento Nacional de Planeación', 'DNP', 'planeacion', 'https://www.dnp.gov.co', 'dnp'),
  national('899999053', 'Ministerio de Tecnologías de la Información y las Comunicaciones', 'MinTIC', 'tic', 'https://www.mintic.gov.co', 'tic'),
  national('899999001', 'Ministerio de Educación Nacional', 'MEN', 'educacion', 'https://www.mineducacion.gov.co', 'educacion'),
  national('900474727', 'Ministerio de Salud y Protección Social', 'MinSalud', 'salud', 'https://www.minsalud.gov.co', 'salud'),
  national('899999090', 'Ministerio de Hacienda y Crédito Público', 'MinHacienda', 'hacienda', 'https://www.minhacienda.gov.co', 'hacienda'),
  national('830115395', 'Ministerio de Ambiente y Desarrollo Sostenible', 'MinAmbiente', 'ambiente', 'https://www.minambiente.gov.co', 'ambiente'),
  national('899999028', 'Ministerio de Agricultura y Desarrollo Rural', 'MinAgricultura', 'agricultura', 'https://www.minagricultura.gov.co', 'agricultura'),
  national('899999055', 'Ministerio de Transporte', 'MinTransporte', 'transporte', 'https://www.mintransporte.gov.co', 'transporte'),
  national('900457461', 'Ministerio de Justicia y del Derecho', 'MinJusticia', 'justicia', 'https://www.minjusticia.gov.co', 'justicia'),
  national('830034348', 'Ministerio de las Culturas, las Artes y los Saberes', 'MinCulturas', 'cultura', 'https://www.mincultura.gov.co', 'cultura'),
  national('830115226', 'Ministerio del Trabajo', 'MinTrabajo', 'trabajo', 'https://www.mintrabajo.gov.co', 'trabajo'),
  national('899999022', 'Ministerio de Minas y Energía', 'MinEnergía', 'minas_energia', 'https://www.minenergia.gov.co', 'energia'),
  national('830115297', 'Ministerio de Comercio, Industria y Turismo', 'MinCIT', 'comercio', 'https://www.mincit.gov.co', 'comercio'),
  national('900463725', 'Ministerio de Vivienda, Ciudad y Territorio', 'MinVivienda', 'vivienda', 'https://www.minvivienda.gov.co', 'vivienda'),
  national('899999042', 'Ministerio de Relaciones Exteriores', 'Cancillería', 'relaciones_exteriores', 'https://www.cancilleria.gov.co', 'exteriores'),
  national('899999003', 'Ministerio de Defensa Nacional', 'MinDefensa', 'defensa', 'https://www.mindefensa.gov.co', 'defensa'),
  national('899999004', 'Instituto Geográfico Agustín Codazzi', 'IGAC', 'estadistica', 'https://www.igac.gov.co', 'igac'),
  national('830000602', 'Instituto de Hidrología, Meteorología y Estudios Ambientales', 'IDEAM', 'ambiente', 'https://www.ideam.gov.co', 'ideam'),
  national('899999239', 'Instituto Colombiano de Bienestar Familiar', 'ICBF', 'inclusion_social', 'https://www.icbf.gov.co', 'icbf'),
  national('899999034', 'Servicio Nacional de Aprendizaje', 'SENA', 'trabajo', 'https://www.sena.edu.co', 'sena'),
  national('800176089', 'Superintendencia de Industria y Comercio', 'SIC', 'comercio', 'https://www.sic.gov.co', 'sic'),
  national('899999040', 'Registraduría Nacional del Estado Civil', 'RNEC', 'registraduria', 'https://www.registraduria.gov.co', 'registraduria'),
  national('900514813', 'Agencia Nacional de Contratación Pública — Colombia Compra Eficiente', 'ANCP-CCE', 'planeacion', 'https://www.colombiacompra.gov.co', 'compras'),
  national('899999403', 'Instituto Nacional de Salud', 'INS', 'salud', 'https://www.ins.gov.co', 'ins'),
  national('900490473', 'Unidad para la Atención y Reparación Integral a las Víctimas', 'UARIV', 'inclusion_social', 'https://www.unidadvictimas.gov.co', 'victimas'),
  national('860024301', 'Instituto Colombiano para la Evaluación de la Educación', 'ICFES', 'educacion', 'https://www.icfes.gov.co', 'icfes'),
  national('899999083', 'Departamento Administrativo de la Presidencia de la República', 'DAPRE', 'presidencia', 'https://www.presidencia.gov.co', 'presidencia'),
  national('800093816', 'Departamento Administrativo de la Función Pública', 'Función Pública', 'funcion_publica', 'https://www.funcionpublica.gov.co', 'funcion_publica'),
  { nit: '890900286', name: 'Departamento de Antioquia', acronym: 'Gobernación de Antioquia', sector: 'gobierno_territorial', orden: 'territorial', department: '05', web: 'https://www.antioquia.gov.co', profile: 'departamento' },
  { nit: '899999114', name: 'Departamento de Cundinamarca', acronym: 'Gobernación de Cundinamarca', sector: 'gobierno_territorial', orden: 'territorial', department: '25', web: 'https://www.cundinamarca.gov.co', profile: 'departamento' },
  { nit: '890399029', name: 'Departamento del Valle del Cauca', acronym: 'Gobernación del Valle', sector: 'gobierno_territorial', orden: 'territorial', department: '76', web: 'https://www.valledelcauca.gov.co', profile: 'departamento' },
  { nit: '890102006', name: 'Departamento del Atlántico', acronym: 'Gobernación del Atlántico', sector: 'gobierno_territorial', orden: 'territorial', department: '08', web: 'https://www.atlantico.gov.co', profile: 'departamento' },
  { nit: '890201235', name: 'Departamento de Santander', acronym: 'Gobernación de Santander', sector: 'gobierno_territorial', orden: 'territorial', department: '68', web: 'https://www.santander.gov.co', profile: 'departamento' },
  { nit: '800103923', name: 'Departamento de Nariño', acronym: 'Gobernación de Nariño', sector: 'gobierno_territorial', orden: 'territorial', department: '52', web: 'https://www.narino.gov.co', profile: 'departamento' },
  { nit: '899999061', name: 'Bogotá, Distrito Capital', acronym: 'Alcaldía Mayor de Bogotá', sector: 'gobierno_territorial', orden: 'territorial', department: '11', municipality: '11001', web: 'https://bogota.gov.co', profile: 'municipio' },
  { nit: '890905211', name: 'Distrito Especial de Ciencia, Tecnología e Innovación de Medellín', acronym: 'Alcaldía de Medellín', sector: 'gobierno_territorial', orden: 'territorial', department: '05', municipality: '05001', web: 'https://www.medellin.gov.co', profile: 'municipio' },
  { nit: '890399011', name: 'Distrito Especial de Santiago de Cali', acronym: 'Alcaldía de Cali', sector: 'gobierno_territorial', orden: 'territorial', department: '76', municipality: '76001', web: 'https://www.cali.gov.co', profile: 'municipio' },
  { nit: '890102018', name: 'Distrito Especial, Industrial y Portuario de Barranquilla', acronym: 'Alcaldía de Barranquilla', sector: 'gobierno_territorial', orden: 'territorial', department: '08', municipality: '08001', web: 'https://www.barranquilla.gov.co', profile: 'municipio' },
  { nit: '890480184', name: 'Distrito Turístico y Cultural de Cartagena de Indias', acronym: 'Alcaldía de Cartagena', sector: 'gobierno_territorial', orden: 'territorial', department: '13', municipality: '13001', web: 'https://www.cartagena.gov.co', profile: 'municipio' },
  { nit: '890201222', name: 'Municipio de Bucaramanga', acronym: 'Alcaldía de Bucaramanga', sector: 'gobierno_territorial', orden: 'territorial', department: '68', municipality: '68001', web: 'https://www.bucaramanga.gov.co', profile: 'municipio' },
  { nit: '891280000', name: 'Municipio de Pasto', acronym: 'Alcaldía de Pasto', sector: 'gobierno_territorial', orden: 'territorial', department: '52', municipality: '52001', web: 'https://www.pasto.gov.co', profile: 'municipio' },
  { nit: '899999302', name: 'Municipio de Leticia', acronym: 'Alcaldía de Leticia', sector: 'gobierno_territorial', orden: 'territorial', department: '91', municipality: '91001', web: 'https://www.leticia-amazonas.gov.co', profile: 'municipio' },
];
