import { DataFactory } from 'n3';
import { sql } from 'kysely';
import { isPublished } from '../publish/datasets.ts';
import type { Context } from '../store/context.ts';
import { reportQuads } from '../quality/dqv.ts';
import type { QualityReport } from '../quality/report.ts';
import { catalogNodeQuads, catalogUri } from './catalog.ts';
import { dcatDataset, loadDatasetSources } from './dataset-record.ts';
import { datasetQuads, datasetUri, NS } from './dcat.ts';
import type { SparqlEngine } from './sparql-engine.ts';
import { toNTriples } from './serialize.ts';

const { namedNode, quad } = DataFactory;

/**
 * Keeps the SPARQL engine's graphs in step with the database: one named graph per open dataset (its DCAT-AP
 * description and its latest quality report in DQV), named by the dataset's URI, and one for the catalog.
 * Before each query a cheap signature of every open dataset is read; only datasets whose signature changed
 * are described again.
 */
export class CatalogGraph {
  private readonly signatures = new Map<string, string>();
  private running: Promise<void> | undefined;

  constructor(private readonly engine: SparqlEngine, private readonly baseUrl: string) {}

  /** Brings the graphs up to date; concurrent callers share one pass. */
  sync(ctx: Context): Promise<void> {
    this.running ??= this.pass(ctx).finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(ctx: Context) {
    const rows = (await ctx.db.selectFrom('datasets as d')
      .innerJoin('entities as e', 'e.id', 'd.entity_id')
      .leftJoin('assets as a', 'a.id', 'd.asset_id')
      .select(['d.id', 'd.updated_at', 'd.current_release', 'd.state', 'd.links', 'e.updated_at as entity_at', 'a.updated_at as asset_at',
        sql<number | null>`(select max(q.id) from quality_reports q where q.dataset_id = d.id)`.as('report_id')])
      .where('d.access_level', '=', 'public').where('d.state', '=', 'active')
      .orderBy('d.updated_at', 'desc').execute()).filter(isPublished);
    let changed = false;
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      const signature = [row.updated_at.toISOString(), row.current_release, row.entity_at.toISOString(), row.asset_at?.toISOString() ?? '', row.report_id ?? ''].join('|');
      if (this.signatures.get(row.id) === signature) continue;
      const record = await dcatDataset(ctx, await loadDatasetSources(ctx, row.id), this.baseUrl);
      const quads = datasetQuads(record, this.baseUrl);
      if (row.report_id) {
        const report = await ctx.db.selectFrom('quality_reports').select('report').where('id', '=', row.report_id).executeTakeFirstOrThrow();
        quads.push(...reportQuads(report.report as QualityReport, this.baseUrl, row.report_id));
      }
      this.engine.setGraph(record.uri, await toNTriples(quads));
      this.signatures.set(row.id, signature);
      changed = true;
    }
    for (const id of [...this.signatures.keys()].filter((id) => !seen.has(id))) {
      this.engine.setGraph(datasetUri(this.baseUrl, id), null);
      this.signatures.delete(id);
      changed = true;
    }
    if (changed) {
      const catalog = namedNode(catalogUri(this.baseUrl));
      const quads = catalogNodeQuads(this.baseUrl, rows[0]?.updated_at ?? null);
      for (const row of rows) quads.push(quad(catalog, namedNode(`${NS.dcat}dataset`), namedNode(datasetUri(this.baseUrl, row.id))));
      this.engine.setGraph(catalogUri(this.baseUrl), await toNTriples(quads));
    }
  }
}
