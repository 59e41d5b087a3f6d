/** A mon.out line in words, for the player. No DOM. */

import { fmtDuration, shortName } from './format.js';
import { futureLabel } from './model.js';
import { isId } from './values.js';

/** {tag, tagText, text}: the CSS class and word of the line's tag, and what happened. */
export function describe(e, futures) {
  if (!e || typeof e !== 'object') return { tag: '', tagText: 'line', text: 'not a mon.out line' };
  const f = futures.get(e.deferred);
  const fl = f ? futureLabel(f) : '#' + String(e.deferred);
  switch (e.action) {
    case 'tracked':
      return { tag: '', tagText: 'tracked', text: fl + (e.via && e.via !== 'track' ? ' (' + e.via + (isId(e.parent) ? ' from #' + e.parent : '') + ')' : '') };
    case 'attached': {
      const name = e.callback !== null && e.callback !== undefined ? e.callback : e.errback;
      return { tag: '', tagText: 'attached', text: shortName(name) + ' to ' + fl + (e.method ? ' with ' + e.method : '') };
    }
    case 'chained':
      return { tag: '', tagText: 'chained', text: fl + ' \u2192 ' + (isId(e.target) ? '#' + e.target : 'a future not tracked') };
    case 'executed': {
      const failed = e.failed === true;
      return {
        tag: failed ? 'failed' : 'executed', tagText: failed ? 'threw' : 'executed',
        text: shortName(e.callback) + (e['callback?'] === false ? ' (errback)' : '') + ' on ' + fl + ', '
          + fmtDuration(typeof e.time === 'number' ? e.time : 0)
          + (e.thread !== undefined && e.thread !== null ? ' on ' + e.thread : '')
          + (failed && e.error ? ' \u2014 ' + e.error : '')
      };
    }
    case 'fired':
      return fired(e, fl);
    case 'unhandled':
      return { tag: 'unhandled', tagText: 'unhandled', text: fl + (e.error ? ' \u2014 ' + e.error : '') };
    case 'pending':
      return { tag: 'pending', tagText: 'pending', text: fl + ' not completed' + (typeof e.age === 'number' ? ' after ' + fmtDuration(e.age) : '') };
    default:
      return { tag: '', tagText: String(e.action), text: fl };
  }
}

function fired(e, fl) {
  const lived = typeof e.lifetime === 'number' ? ', lived ' + fmtDuration(e.lifetime) : '';
  const revised = e.revised === true ? ' (revised: replaces the earlier outcome)' : '';
  if (e.cancelled === true) return { tag: 'failed', tagText: 'cancelled', text: fl + lived + revised };
  if (e.success === false) {
    return { tag: 'failed', tagText: 'failed', text: fl + (e.error ? ' \u2014 ' + e.error : '') + lived + revised };
  }
  return { tag: 'fired', tagText: 'fired', text: fl + ' completed' + lived + revised };
}
