import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform.ts';
import type { CookieNames } from '../auth.ts';
import { accountPages } from './account-pages.tsx';
import { catalogPages } from './catalog-pages.tsx';
import { importPages } from './import-pages.tsx';
import { ledgerPages } from './ledger-pages.tsx';
import { datasetPages } from './dataset-pages.tsx';
import { qualityPages } from './quality-pages.tsx';
import { privacyPages } from './privacy-pages.tsx';
import { sparqlPages } from './sparql-pages.tsx';
import { harvestPages } from './harvest-pages.tsx';
import { standardsPages } from './standards-pages.tsx';
import { divipolaPages } from './divipola-pages.tsx';
import { exchangePages } from './exchange-pages.tsx';

/** Every page of the portal; each area registers its own routes. */
export function pageRoutes(platform: Platform, cookies: CookieNames) {
  return async (app: FastifyInstance) => {
    await app.register(catalogPages(platform, cookies));
    await app.register(importPages(platform, cookies));
    await app.register(accountPages(platform, cookies));
    await app.register(ledgerPages(platform));
    await app.register(datasetPages(platform, cookies));
    await app.register(qualityPages(platform));
    await app.register(privacyPages());
    await app.register(sparqlPages(platform));
    await app.register(harvestPages());
    await app.register(divipolaPages(platform, cookies));
    await app.register(standardsPages(platform));
    await app.register(exchangePages(platform));
  };
}
