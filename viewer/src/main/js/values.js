/** Reading the values of a mon.out line, whatever a writer put there. */

export function isId(v) {
  return typeof v === 'number' || (typeof v === 'string' && v !== '');
}

export function str(v) {
  return typeof v === 'string' ? v : (v === null || v === undefined ? null : String(v));
}

/** A non-negative number, or null. */
export function num(v) {
  return typeof v === 'number' && v >= 0 ? v : null;
}
