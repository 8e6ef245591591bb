import type { Bilingual } from '../core/errors.ts';

/**
 * The simplified classification: one decision procedure from the Ley 1712 class (with its Art. 18 / 19 ground and
 * term) and the Ley 1581 personal-data class (and children's data) to one handling rule, with its reasons in plain
 * language. The rules, from the most open:
 *   open                      anyone may use it (Ley 1712 art. 2: maximum publicity)
 *   open_after_anonymization  open once no person can be identified; the raw data only to entities, as below
 *   shareable                 other public entities with a legal basis, through an access request (Ley 1581
 *                             art. 10 a) and art. 13 b); Ley 1712 art. 18 protects it from the public, not from
 *                             entities exercising their functions)
 *   restricted                reserved (Ley 1712 art. 19) while its term runs: shared only when a law or a judge
 *                             orders it
 */

export type HandlingRule = 'open' | 'open_after_anonymization' | 'shareable' | 'restricted';

export interface ClassificationInput {
  legal_class: string | null;
  exception_ground: string | null;
  /** The end of a reserve's term (ISO date), if any. */
  exception_until: string | null;
  personal_data_class: string | null;
  children_data: boolean | null;
}

export interface Handling {
  rule: HandlingRule;
  label: Bilingual;
  reasons: Bilingual[];
  /** Whether another entity may ask for the raw data with a legal basis. */
  requestable: boolean;
}

export const RULE_LABELS: Record<HandlingRule, Bilingual> = {
  open: { es: 'Abierto', en: 'Open' },
  open_after_anonymization: { es: 'Abierto tras anonimizar', en: 'Open after anonymization' },
  shareable: { es: 'Compartible entre entidades con base legal', en: 'Shareable between entities with a legal basis' },
  restricted: { es: 'Restringido', en: 'Restricted' },
};

const ORDER: HandlingRule[] = ['open', 'open_after_anonymization', 'shareable', 'restricted'];
const stricter = (a: HandlingRule, b: HandlingRule) => (ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b);

/** The handling rule of an asset (or of a dataset through its asset) on a given day. */
export function classify(input: ClassificationInput, today: string): Handling {
  let rule: HandlingRule = 'open';
  const reasons: Bilingual[] = [];
  const legal = input.legal_class ?? 'publica';
  const ground = input.exception_ground ? ` (art. ${input.exception_ground.replace(/^(\d+)(\w+)$/, '$1 literal $2')})` : '';
  if (legal === 'reservada') {
    if (input.exception_until && input.exception_until < today) {
      reasons.push({ es: `Fue información reservada${ground}, pero su plazo venció el ${input.exception_until}: ahora es pública.`, en: `It was reserved information${ground}, but its term ended on ${input.exception_until}: it is now public.` });
    } else {
      rule = 'restricted';
      reasons.push({ es: `Es información pública reservada${ground} (Ley 1712 de 2014, art. 19)${input.exception_until ? ` hasta el ${input.exception_until}` : ''}: solo se entrega cuando una ley o un juez lo ordena.`, en: `It is reserved public information${ground} (Ley 1712 de 2014, art. 19)${input.exception_until ? ` until ${input.exception_until}` : ''}: it is only handed over when a law or a judge orders it.` });
    }
  } else if (legal === 'clasificada') {
    rule = 'shareable';
    reasons.push({ es: `Es información pública clasificada${ground} (Ley 1712 de 2014, art. 18): no se publica, pero otra entidad pública puede pedirla para cumplir sus funciones, citando la norma que la faculta.`, en: `It is classified public information${ground} (Ley 1712 de 2014, art. 18): it is not published, but another public entity may ask for it to perform its functions, citing the norm that empowers it.` });
  } else {
    reasons.push({ es: 'Es información pública (Ley 1712 de 2014): se publica para que cualquiera la use.', en: 'It is public information (Ley 1712 de 2014): it is published for anyone to use.' });
  }
  const personal = input.personal_data_class ?? 'ninguno';
  if (personal === 'semiprivado' || personal === 'privado' || personal === 'sensible' || input.children_data) {
    rule = stricter(rule, 'open_after_anonymization');
    const what = input.children_data ? { es: 'datos de niños, niñas o adolescentes', en: "children's data" } : personal === 'sensible' ? { es: 'datos sensibles', en: 'sensitive data' } : personal === 'privado' ? { es: 'datos privados', en: 'private data' } : { es: 'datos semiprivados', en: 'semi-private data' };
    reasons.push({
      es: `Contiene ${what.es} (Ley 1581 de 2012): puede abrirse solo una versión anonimizada; los datos sin anonimizar se entregan únicamente a entidades públicas que los requieran para sus funciones legales (art. 10 a y art. 13 b), con autorización, finalidad y medidas de seguridad.`,
      en: `It holds ${what.en} (Ley 1581 de 2012): only an anonymized version can be opened; the raw data only go to public entities that need them for their legal functions (art. 10 a and art. 13 b), with authorization, purpose and security measures.`,
    });
    if (input.children_data || personal === 'sensible') reasons.push({ es: 'Por tratarse de datos de especial protección, la anonimización debe garantizar que nadie sea reidentificable.', en: 'As specially protected data, anonymization must ensure nobody can be re-identified.' });
  } else if (personal === 'publico') {
    reasons.push({ es: 'Sus datos personales son públicos (Ley 1581 de 2012, art. 3): pueden publicarse.', en: 'Its personal data are public (Ley 1581 de 2012, art. 3): they may be published.' });
  }
  return { rule, label: RULE_LABELS[rule], reasons, requestable: rule === 'open_after_anonymization' || rule === 'shareable' };
}
