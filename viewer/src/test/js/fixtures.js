import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const resources = new URL('../resources/io/reactortrack/viewer/', import.meta.url);

/** The lines of a mon.out test resource, parsed as the page parses its embedded JSON. */
export function monOut(name) {
  return readFileSync(fileURLToPath(new URL(name, resources)), 'utf8')
    .split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}

/** A mon.out line. */
export function line(action, deferred, ts, keys) {
  return { action, deferred, ts, ...keys };
}

/** A text test resource, as it is. */
export function expectedText(name) {
  return readFileSync(fileURLToPath(new URL(name, resources)), 'utf8');
}
