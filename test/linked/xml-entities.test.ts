import { test } from 'node:test';
import assert from 'node:assert/strict';
import oxigraph from 'oxigraph';
import { assertSafeXml } from '../../src/linked/harvest/read-dcat.ts';

const RDF = (doctype: string, body: string) => `<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n${doctype}\n]>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dct="http://purl.org/dc/terms/">\n${body}\n</rdf:RDF>\n`;

test('RDF/XML entity expansion ("billion laughs") and external entities are refused before parsing; namespace entities still work', () => {
  const laughs = ['<!ENTITY lol0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`)].join('\n');
  const bomb = RDF(laughs, '<rdf:Description rdf:about="http://example.org/x"><dct:title>&lol9;</dct:title></rdf:Description>');
  assert.ok(bomb.length < 2000, 'a 2 KB document that would expand to 3 GB');
  assert.throws(() => assertSafeXml(bomb, 'http://example.org/catalog.rdf'), /built from other entities/);
  const wide = RDF(`<!ENTITY big "${'x'.repeat(1000)}">`, `<rdf:Description rdf:about="http://example.org/x"><dct:title>${'&big;'.repeat(20_000)}</dct:title></rdf:Description>`);
  assert.throws(() => assertSafeXml(wide, 'http://example.org/catalog.rdf'), /expand beyond 10 MB/);
  assert.throws(() => assertSafeXml(RDF('<!ENTITY secret SYSTEM "file:///etc/passwd">', '<rdf:Description rdf:about="http://example.org/x"><dct:title>&secret;</dct:title></rdf:Description>'), 'u'), /external or parameter entities/);
  assert.throws(() => assertSafeXml(RDF('<!ENTITY % p "x">', ''), 'u'), /external or parameter entities/);
  // The common, harmless use: entities for namespace IRIs.
  const namespaces = RDF('<!ENTITY dcat "http://www.w3.org/ns/dcat#">', '<rdf:Description rdf:about="http://example.org/x"><rdf:type rdf:resource="&dcat;Dataset"/><dct:title>Uno</dct:title></rdf:Description>');
  assertSafeXml(namespaces, 'u');
  const quads = oxigraph.parse(namespaces, { format: 'application/rdf+xml' });
  assert.ok(quads.some((q) => q.object.value === 'http://www.w3.org/ns/dcat#Dataset'));
});
