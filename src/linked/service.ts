import { ANONYMOUS } from '../core/actor.ts';
import type { Context } from '../store/context.ts';
import { CatalogGraph } from './catalog-graph.ts';
import { SparqlEngine, type SparqlDataset, type SparqlLimits } from './sparql-engine.ts';
import type { WorkerResult } from './sparql-protocol.ts';

/** The linked-data module's running parts: the SPARQL engine and the catalog graph it answers over. */
export class LinkedData {
  readonly engine: SparqlEngine;
  private readonly graph: CatalogGraph;

  constructor(readonly baseUrl: string, limits: SparqlLimits) {
    this.engine = new SparqlEngine(limits);
    this.graph = new CatalogGraph(this.engine, baseUrl);
  }

  /**
   * Answers a query over the open catalog as anyone sees it, brought up to date first. The endpoint is
   * public, so the graphs hold only open datasets whatever the caller's rights.
   */
  async query(ctx: Context, query: string, dataset: SparqlDataset, client = 'local'): Promise<WorkerResult> {
    await this.graph.sync({ ...ctx, actor: ANONYMOUS });
    return this.engine.query(query, dataset, `${this.baseUrl}/sparql`, client);
  }

  close() {
    return this.engine.close();
  }
}
