import { readFileSync } from 'node:fs';
import path from 'node:path';
import { divipolaStatus, loadDivipola } from '../../catalog/divipola.ts';
import { formatNumber } from '../../core/i18n.ts';
import { assertReadable } from '../files.ts';
import { withPlatform } from '../open.ts';
import { cliLang, print } from '../output.ts';

const USAGE = {
  es: `Uso: infradatos codelists load divipola ARCHIVO   carga la DIVIPOLA del DANE (CSV), toda o nada
     infradatos codelists status                  dice si la lista completa de municipios está cargada`,
  en: `Usage: infradatos codelists load divipola FILE   loads DANE's DIVIPOLA (CSV), all or nothing
       infradatos codelists status                 says whether the full municipality list is loaded`,
};

/** The reference lists the national data office loads (today DANE's DIVIPOLA). */
export async function codelistsCommand(args: string[]): Promise<number> {
  const [sub, list, file] = args;
  if (sub === 'status') {
    return withPlatform('codelists status', async (platform) => {
      const status = await divipolaStatus(platform.store.db);
      print(status.complete
        ? { es: 'DIVIPOLA: lista completa cargada ({m} municipios).', en: 'DIVIPOLA: full list loaded ({m} municipalities).' }
        : { es: 'DIVIPOLA: lista completa sin cargar; {m} municipios incorporados (los códigos se verifican por forma y departamento).', en: 'DIVIPOLA: full list not loaded; {m} built-in municipalities (codes are checked by form and department).' },
      { m: formatNumber(status.municipalities, cliLang) });
      return 0;
    });
  }
  if (sub !== 'load' || list !== 'divipola' || !file) {
    print(USAGE);
    return sub === undefined || sub === '--help' ? 0 : 2;
  }
  assertReadable(file);
  return withPlatform('codelists load', async (_platform, ctx) => {
    const loaded = await loadDivipola(ctx, readFileSync(file), path.basename(file));
    print({ es: 'DIVIPOLA cargada: {m} municipios de {d} departamentos (SHA-256 {h}).', en: 'DIVIPOLA loaded: {m} municipalities in {d} departments (SHA-256 {h}).' }, { m: formatNumber(loaded.municipalities, cliLang), d: loaded.departments, h: loaded.sha256 });
    for (const entity of loaded.entities_outside_list) {
      print({ es: 'Aviso: el municipio {c} de la entidad {e} no está en la lista; corríjalo en su perfil.', en: 'Warning: municipality {c} of entity {e} is not in the list; correct it in its profile.' }, { c: entity.municipality_code, e: entity.id });
    }
    return 0;
  });
}
