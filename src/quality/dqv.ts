import { DataFactory, type Quad, type Quad_Object, type Quad_Subject } from 'n3';
import { datasetUri, NS } from '../linked/dcat.ts';
import type { Bilingual } from '../core/errors.ts';
import { DIMENSIONS, INDICATORS } from './mqa.ts';
import { CRITERION_LABELS } from './criteria.ts';
import type { QualityReport } from './report.ts';

const { namedNode, literal, quad } = DataFactory;

/**
 * A quality report in W3C's Data Quality Vocabulary: every MQA indicator, criterion and content-error count
 * is a dqv:QualityMeasurement of a dqv:Metric grouped in dqv:Dimensions and dqv:Categories (MQA, MinTIC/ISO
 * 25012, Frictionless); the seal is a dqv:QualityCertificate. Metric URIs live under /quality/metrics.
 */
export function reportQuads(report: QualityReport, baseUrl: string, reportId: number): Quad[] {
  const out: Quad[] = [];
  const add = (s: Quad_Subject, p: string, o: Quad_Object) => out.push(quad(s, namedNode(p), o));
  const type = (s: Quad_Subject, cls: string) => add(s, `${NS.rdf}type`, namedNode(cls));
  const labels = (s: Quad_Subject, label: Bilingual) => {
    add(s, `${NS.skos}prefLabel`, literal(label.es, 'es'));
    add(s, `${NS.skos}prefLabel`, literal(label.en, 'en'));
  };
  const vocab = `${baseUrl}/quality/metrics`;
  const dataset = namedNode(datasetUri(baseUrl, report.dataset.id));
  const at = literal(report.computed_at, namedNode(`${NS.xsd}dateTime`));
  const activity = namedNode(`${baseUrl}/api/v1/datasets/${report.dataset.id}/quality/${reportId}`);
  type(activity, `${NS.prov}Activity`);
  add(activity, `${NS.prov}endedAtTime`, at);
  const category = (id: string, label: Bilingual) => {
    const node = namedNode(`${vocab}#category-${id}`);
    type(node, `${NS.dqv}Category`);
    labels(node, label);
    return node;
  };
  const dimension = (id: string, label: Bilingual, cat: Quad_Object) => {
    const node = namedNode(`${vocab}#dimension-${id}`);
    type(node, `${NS.dqv}Dimension`);
    labels(node, label);
    add(node, `${NS.skos}broader`, cat);
    return node;
  };
  const measurement = (metricId: string, label: Bilingual, dim: Quad_Object, value: Quad_Object) => {
    const metric = namedNode(`${vocab}#${metricId}`);
    type(metric, `${NS.dqv}Metric`);
    labels(metric, label);
    add(metric, `${NS.dqv}inDimension`, dim);
    const node = namedNode(`${activity.value}#${metricId}`);
    type(node, `${NS.dqv}QualityMeasurement`);
    add(dataset, `${NS.dqv}hasQualityMeasurement`, node);
    add(node, `${NS.dqv}computedOn`, dataset);
    add(node, `${NS.dqv}isMeasurementOf`, metric);
    add(node, `${NS.dqv}value`, value);
    add(node, `${NS.prov}wasGeneratedBy`, activity);
    add(node, `${NS.prov}generatedAtTime`, at);
  };
  const decimal = (n: number) => literal(String(n), namedNode(`${NS.xsd}decimal`));
  const integer = (n: number) => literal(String(n), namedNode(`${NS.xsd}integer`));

  const mqa = category('mqa', { es: 'Evaluación de calidad de metadatos (MQA de data.europa.eu)', en: 'Metadata Quality Assessment (data.europa.eu MQA)' });
  const dims = Object.fromEntries(Object.entries(DIMENSIONS).map(([id, label]) => [id, dimension(`mqa-${id}`, label, mqa)]));
  for (const indicator of report.mqa.indicators) {
    const definition = INDICATORS.find((i) => i.id === indicator.id)!;
    measurement(`mqa-${indicator.id}`, definition.label, dims[indicator.dimension]!, decimal(indicator.points));
  }
  measurement('mqa-score', { es: 'Puntaje MQA (de 405)', en: 'MQA score (out of 405)' }, dimension('mqa-total', { es: 'Total MQA', en: 'MQA total' }, mqa), integer(report.mqa.score));

  const mintic = category('mintic', { es: 'Criterios de calidad de MinTIC (ISO/IEC 25012)', en: 'MinTIC quality criteria (ISO/IEC 25012)' });
  for (const criterion of report.criteria.items) {
    if (criterion.score === null) continue;
    measurement(`criterion-${criterion.id}`, CRITERION_LABELS[criterion.id], dimension(criterion.id, CRITERION_LABELS[criterion.id], mintic), integer(criterion.score));
  }
  if (report.content) {
    const frictionless = category('frictionless', { es: 'Validación del contenido (Frictionless Table Schema)', en: 'Content validation (Frictionless Table Schema)' });
    const validity = dimension('content-validity', { es: 'Validez del contenido', en: 'Content validity' }, frictionless);
    measurement('content-valid', { es: 'Contenido válido', en: 'Content valid' }, validity, literal(String(report.content.valid), namedNode(`${NS.xsd}boolean`)));
    for (const [type, count] of Object.entries(report.content.counts)) measurement(`content-${type}`, { es: `Errores ${type}`, en: `${type} errors` }, validity, integer(count ?? 0));
  }
  const certificate = namedNode(`${activity.value}#seal`);
  type(certificate, `${NS.dqv}QualityCertificate`);
  add(certificate, `${NS.oa}hasTarget`, dataset);
  add(certificate, `${NS.oa}motivatedBy`, namedNode(`${NS.dqv}qualityAssessment`));
  add(certificate, `${NS.rdfs}label`, literal(report.seal.name.es, 'es'));
  add(certificate, `${NS.rdfs}label`, literal(report.seal.name.en, 'en'));
  add(certificate, `${NS.rdf}value`, integer(report.seal.level));
  add(certificate, `${NS.prov}wasGeneratedBy`, activity);
  add(dataset, `${NS.dqv}hasQualityAnnotation`, certificate);
  return out;
}
