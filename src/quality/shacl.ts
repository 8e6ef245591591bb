import { readFile } from 'node:fs/promises';
import { Parser, Store, type Quad } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { dcatApShapesTurtle } from '../linked/dcat-ap-shapes.ts';

export interface ShaclViolation {
  focus: string;
  path: string | null;
  message: string;
  shape: string | null;
}

export interface ShaclOutcome {
  conforms: boolean;
  violations: ShaclViolation[];
}

const validators = new Map<string, Promise<SHACLValidator>>();

/** Our own DCAT-AP 3 shapes, which every install runs (linked/dcat-ap-shapes.ts). */
export const BUILTIN_SHAPES = 'builtin:dcat-ap-3';

/** The validator for a shapes file (or the built-in shapes), parsed once per process. */
function validatorFor(shapesFile: string): Promise<SHACLValidator> {
  let validator = validators.get(shapesFile);
  if (!validator) {
    const source = shapesFile === BUILTIN_SHAPES ? Promise.resolve(dcatApShapesTurtle()) : readFile(shapesFile, 'utf8');
    validator = source.then((text) => {
      const shapes = new Store();
      shapes.addQuads(new Parser().parse(text));
      return new SHACLValidator(shapes);
    });
    validator.catch(() => validators.delete(shapesFile));
    validators.set(shapesFile, validator);
  }
  return validator;
}

/**
 * Runs each set of shapes over the data (the built-in ones, and the official ones when configured); only
 * results of severity sh:Violation break conformance. A violation both sets find is reported once.
 */
export async function validateAllShapes(shapesFiles: string[], quads: Quad[]): Promise<ShaclOutcome> {
  const outcomes = await Promise.all(shapesFiles.map((file) => validateShapes(file, quads)));
  const seen = new Set<string>();
  const violations = outcomes.flatMap((o) => o.violations).filter((v) => {
    const key = `${v.focus} ${v.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { conforms: violations.length === 0, violations };
}

/** Runs one set of shapes over the data; only results of severity sh:Violation break conformance. */
export async function validateShapes(shapesFile: string, quads: Quad[]): Promise<ShaclOutcome> {
  const validator = await validatorFor(shapesFile);
  const data = new Store();
  data.addQuads(quads);
  const report = await validator.validate(data);
  const violations = report.results
    .filter((r) => r.severity?.value === 'http://www.w3.org/ns/shacl#Violation')
    .map((r) => ({
      focus: r.focusNode?.value ?? '',
      path: r.path?.value ?? null,
      message: r.message.map((m) => m.value).join(' '),
      shape: r.sourceShape?.value ?? null,
    }));
  return { conforms: violations.length === 0, violations };
}
