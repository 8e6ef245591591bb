import type { Role } from '../../core/actor.ts';

export const DEMO_PASSWORD = 'demo-infradatos';

export interface DemoAccount {
  email: string;
  password: string;
  name: string;
  nit: string;
  roles: Role[];
  description: { es: string; en: string };
}

/** Accounts created with the demo content, shown on the sign-in page while DEMO=1. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'oficina.datos@dnp.gov.co', password: DEMO_PASSWORD, name: 'Oficina Nacional de Datos', nit: '899999011', roles: ['data_office'], description: { es: 'Oficina nacional de datos (ve todo)', en: 'National data office (sees everything)' } },
  { email: 'editor@dane.gov.co', password: DEMO_PASSWORD, name: 'Laura Gómez (DANE)', nit: '899999027', roles: ['editor'], description: { es: 'Editora del DANE', en: 'DANE editor' } },
  { email: 'datos@dane.gov.co', password: DEMO_PASSWORD, name: 'Andrés Rincón (DANE)', nit: '899999027', roles: ['steward'], description: { es: 'Responsable de datos del DANE', en: 'DANE data steward' } },
  { email: 'admin@dane.gov.co', password: DEMO_PASSWORD, name: 'Marta Salazar (DANE)', nit: '899999027', roles: ['entity_admin'], description: { es: 'Administradora de la entidad DANE', en: 'DANE entity administrator' } },
  { email: 'editor@mineducacion.gov.co', password: DEMO_PASSWORD, name: 'Camilo Pérez (MEN)', nit: '899999001', roles: ['editor'], description: { es: 'Editor del Ministerio de Educación', en: 'Ministry of Education editor' } },
  { email: 'datos@mineducacion.gov.co', password: DEMO_PASSWORD, name: 'Diana Torres (MEN)', nit: '899999001', roles: ['steward', 'editor'], description: { es: 'Responsable de datos del Ministerio de Educación', en: 'Ministry of Education data steward' } },
  { email: 'editor@medellin.gov.co', password: DEMO_PASSWORD, name: 'Juliana Restrepo (Medellín)', nit: '890905211', roles: ['editor', 'steward'], description: { es: 'Editora y responsable de datos del Distrito de Medellín', en: 'Medellín editor and data steward' } },
  { email: 'datos@icbf.gov.co', password: DEMO_PASSWORD, name: 'Sofía Ramírez (ICBF)', nit: '899999239', roles: ['steward', 'editor'], description: { es: 'Responsable de datos del ICBF (recibe la solicitud del Ministerio de Educación)', en: 'ICBF data steward (receives the Ministry of Education’s request)' } },
  { email: 'arbitro@presidencia.gov.co', password: DEMO_PASSWORD, name: 'Secretaría de Transparencia', nit: '899999083', roles: ['arbiter'], description: { es: 'Árbitro (Secretaría de Transparencia)', en: 'Arbiter (Transparency Secretariat)' } },
];
