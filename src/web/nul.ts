/**
 * True when a parsed body (JSON or form: plain objects, arrays, strings) holds a NUL character in any string,
 * keys included. Anything else — an upload's stream, a Buffer — is not walked: it is not text a route stores as
 * it is, and its object graph is large and cyclic.
 */
export function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (!value || typeof value !== 'object' || depth > 64) return false;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return false;
  for (const [key, item] of Object.entries(value)) if (key.includes('\u0000') || holdsNul(item, depth + 1)) return true;
  return false;
}
