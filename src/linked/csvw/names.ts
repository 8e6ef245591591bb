/** Column names from titles are encoded as URI template variable names: letters, digits, _ and . stay. */
export function encodeName(title: string): string {
  return [...title].map((c) => (/[A-Za-z0-9_.]/.test(c) ? c : [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''))).join('');
}
