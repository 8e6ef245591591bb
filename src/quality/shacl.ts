import { readFile } from 'node:fs/promises';
import { Parser, Store, type Quad } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';

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

/** The validator for a shapes file, parsed once per process. */
function validatorFor(shapesFile: string): Promise<SHACLValidator> {
  let validator = validators.get(shapesFile);
  if (!validator) {
    validator = readFile(shapesFile, 'utf8').then((text) => {
      const shapes = new Store();
      shapes.addQuads(new Parser().parse(text));
      return new SHACLValidator(shapes);
    });
    validator.catch(() => validators.delete(shapesFile));
    validators.set(shapesFile, validator);
  }
  return validator;
}

/** Runs the official shapes over the data; only results of severity sh:Violation break conformance. */
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
