/** The parts of frictionlessdata's datapackage-js the tests use (it ships no types). */
declare module 'datapackage' {
  export class Resource {
    read(options?: { keyed?: boolean; cast?: boolean }): Promise<unknown[]>;
  }
  export class Package {
    static load(descriptor: object | string, options?: { basePath?: string }): Promise<Package>;
    getResource(name: string): Resource | null;
    readonly valid: boolean;
    readonly errors: Error[];
  }
}
