/**
 * JSON Canonicalization Scheme (RFC 8785): object members sorted by their names' UTF-16 code units, no
 * insignificant whitespace, numbers as ECMAScript prints them, strings escaped as JSON.stringify does.
 * The ledger hashes this text, so the same event always gives the same leaf.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      if (!value.isWellFormed()) throw new TypeError('JCS cannot represent lone surrogates');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('JCS cannot represent NaN or Infinity');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + (value[i] === undefined ? 'null' : canonicalJson(value[i]));
        return `${out}]`;
      }
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      const record = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units, exactly what RFC 8785 §3.2.3 asks.
      const keys = Object.keys(record).sort();
      let out = '{';
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) continue;
        if (!key.isWellFormed()) throw new TypeError('JCS cannot represent lone surrogates');
        out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(member)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`JCS cannot represent ${typeof value}`);
  }
}
