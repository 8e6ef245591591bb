import type { Migration } from 'kysely';
import * as foundation from './0001_foundation.ts';
import * as searchVersion from './0002_search_version.ts';
import * as dropTitleTrigrams from './0003_drop_title_trigrams.ts';
import * as ledger from './0004_ledger.ts';
import * as ledgerKey from './0005_ledger_key.ts';
import * as datasets from './0006_datasets.ts';
import * as uploadSheet from './0007_upload_sheet.ts';
import * as quality from './0008_quality.ts';
import * as uploadPrivacy from './0009_upload_privacy.ts';
import * as dpBudget from './0010_dp_budget.ts';
import * as linksHarvest from './0011_links_harvest.ts';
import * as standards from './0012_standards.ts';
import * as exchange from './0013_exchange.ts';
import * as disputes from './0014_disputes_accountability.ts';
import * as classificationAssumed from './0015_classification_assumed.ts';
import * as codeListLoads from './0016_code_list_loads.ts';

/** Every migration, in order. Names never change once released. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_search_version': searchVersion,
  '0003_drop_title_trigrams': dropTitleTrigrams,
  '0004_ledger': ledger,
  '0005_ledger_key': ledgerKey,
  '0006_datasets': datasets,
  '0007_upload_sheet': uploadSheet,
  '0008_quality': quality,
  '0009_upload_privacy': uploadPrivacy,
  '0010_dp_budget': dpBudget,
  '0011_links_harvest': linksHarvest,
  '0012_standards': standards,
  '0013_exchange': exchange,
  '0014_disputes_accountability': disputes,
  '0015_classification_assumed': classificationAssumed,
  '0016_code_list_loads': codeListLoads,
};
