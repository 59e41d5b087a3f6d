/** How numbers, durations and names are written on the page. Pure functions, no DOM. */

export function trimFixed(x, digits) {
  let s = x.toFixed(digits);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

export function fmtDuration(seconds) {
  if (!(seconds >= 0)) return '?';
  if (seconds === 0) return '0 s';
  if (seconds < 1e-3) return trimFixed(seconds * 1e6, 1) + ' \u00b5s';
  if (seconds < 1) return trimFixed(seconds * 1e3, seconds < 0.01 ? 2 : 1) + ' ms';
  if (seconds < 120) return trimFixed(seconds, 3) + ' s';
  return trimFixed(seconds / 60, 1) + ' min';
}

export function fmtOffset(micros) {
  const s = micros / 1e6;
  return (s < 0 ? '\u2212' : '+') + fmtDuration(Math.abs(s));
}

export function fmtCount(n) {
  return n.toLocaleString('en-US');
}

/**
 * "1 thread", "2 threads", "1 callback threw", "3 callbacks threw": the first word is the noun and
 * takes an s; `pluralForm` is for phrases where that is wrong ("bad lines skipped").
 */
export function counted(n, singular, pluralForm) {
  return fmtCount(n) + ' ' + noun(n, singular, pluralForm);
}

/** The phrase of {@link counted} without the number, for a count shown apart from its words. */
export function noun(n, singular, pluralForm) {
  if (n === 1) return singular;
  if (pluralForm) return pluralForm;
  const space = singular.indexOf(' ');
  return space < 0 ? singular + 's' : singular.substring(0, space) + 's' + singular.substring(space);
}

/** "example.Example::simpleCallback" -> "Example::simpleCallback". */
export function shortName(name) {
  if (name === null || name === undefined) return '(unnamed)';
  const full = String(name);
  const paren = full.indexOf('(');
  let head = paren >= 0 ? full.substring(0, paren) : full;
  let tail = paren >= 0 ? full.substring(paren) : '';
  const sep = head.indexOf('::');
  if (sep >= 0) {
    const cls = head.substring(0, sep);
    return cls.substring(cls.lastIndexOf('.') + 1) + head.substring(sep) + tail;
  }
  const parts = head.split('.');
  if (parts.length > 2 && /^[A-Z]/.test(parts[parts.length - 2] || '')) {
    head = parts.slice(parts.length - 2).join('.');
  }
  const m = tail ? /^\((.*?)\.java:(\d+)\)$/.exec(tail) : null;
  if (m) tail = ':' + m[2];
  return head + tail;
}

/** The shortest useful name: "simpleCallback" for "example.Example::simpleCallback". */
export function memberName(name) {
  const s = shortName(name);
  const sep = s.indexOf('::');
  if (sep >= 0) return s.substring(sep + 2);
  const paren = s.indexOf('(');
  const colon = s.lastIndexOf(':');
  const head = paren >= 0 ? s.substring(0, paren) : (colon > 0 ? s.substring(0, colon) : s);
  const dot = head.lastIndexOf('.');
  return dot >= 0 ? s.substring(dot + 1) : s;
}

/**
 * Cuts a class name, error or stack frame into pieces after which a line may break
 * ("java.", "util.", "concurrent.", "CompletionException: ..."), so that a long name wraps at its
 * dots instead of in the middle of a word. Joined, the pieces are the text.
 */
export function breakableParts(text) {
  const s = String(text);
  const parts = [];
  let from = 0;
  for (let i = 0; i < s.length - 1; i++) {
    const ch = s.charAt(i);
    if ((ch === '.' || ch === '$' || ch === '/' || ch === ':' || ch === '#' || ch === '(' || ch === ',')
        && s.charAt(i + 1) !== ' ') {
      // A break goes after a separator, or before an opening parenthesis.
      const at = ch === '(' ? i : i + 1;
      if (at > from) {
        parts.push(s.substring(from, at));
        from = at;
      }
    }
  }
  parts.push(s.substring(from));
  return parts;
}
