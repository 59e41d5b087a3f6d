/** The player (buttons, slider, speed, play), the keys, find, and the help. */

import { byId, el } from './dom.js';

const SPEEDS = [1, 2, 5, 10, 50, 200, 500, 2000, 10000];

export function installControls(app) {
  const { state } = app;
  const stop = (k) => () => { app.setPlaying(false); app.setStep(k()); };
  byId('first').addEventListener('click', stop(() => 0));
  byId('prev').addEventListener('click', stop(() => state.step - 1));
  byId('next').addEventListener('click', stop(() => state.step + 1));
  byId('last').addEventListener('click', stop(() => app.lineCount));
  byId('play').addEventListener('click', () => app.setPlaying(!state.playing));
  const slider = byId('slider');
  slider.max = String(app.lineCount);
  slider.addEventListener('input', () => app.setStep(Number(slider.value)));

  const speed = byId('speed');
  for (const s of SPEEDS) {
    const o = el('option', null, s + ' lines/s');
    o.value = String(s);
    if (s === state.speed) o.selected = true;
    speed.appendChild(o);
  }
  speed.addEventListener('change', () => { state.speed = Number(speed.value); });

  byId('zoom-in').addEventListener('click', () => app.zoomTimeline(0.5));
  byId('zoom-out').addEventListener('click', () => app.zoomTimeline(2));
  byId('zoom-fit').addEventListener('click', () => app.fitTimeline());

  const search = byId('search');
  search.addEventListener('input', () => app.find(search.value));
  search.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      const first = app.find(search.value);
      if (first) app.select(first, { reveal: true });
    } else if (ev.key === 'Escape') {
      search.value = '';
      app.find('');
      search.blur();
    }
    ev.stopPropagation();
  });

  const help = byId('help');
  byId('help-button').addEventListener('click', () => { help.hidden = !help.hidden; });
  help.addEventListener('click', () => { help.hidden = true; });
  document.addEventListener('keydown', (ev) => onKey(app, ev, { slider, search, help }));
}

function ignored(ev, slider) {
  const t = ev.target;
  const tag = t && t.tagName;
  if (tag === 'INPUT' && t.type !== 'range') return true;
  if (tag === 'SELECT') return true;
  if (tag === 'BUTTON' && (ev.key === ' ' || ev.key === 'Enter')) return true;
  return t === slider && ['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(ev.key);
}

function onKey(app, ev, { slider, search, help }) {
  if (ignored(ev, slider)) return;
  const { state } = app;
  const key = ev.key;
  const go = (k) => { app.setPlaying(false); app.setStep(k); };
  let handled = true;
  if ((ev.ctrlKey || ev.metaKey) && (key === 'n' || key === 'N')) go(state.step + 1);
  else if (ev.ctrlKey || ev.metaKey || ev.altKey) handled = false;
  else if (key === 'n' || key === 'ArrowRight') go(state.step + 1);
  else if (key === 'N') go(state.step + 10);
  else if (key === 'p' || key === 'ArrowLeft') go(state.step - 1);
  else if (key === 'P') go(state.step - 10);
  else if (key === 'Home') go(0);
  else if (key === 'End') go(app.lineCount);
  else if (key === ' ') app.setPlaying(!state.playing);
  else if (key === 'Enter') {
    const red = app.model.lastExec[state.step];
    if (red >= 0) app.select(app.model.callbacks[red], { reveal: true });
  } else if (key === 'Escape') {
    if (!help.hidden) help.hidden = true;
    else if (state.zoom !== app.model.root) app.zoomInto(state.zoom.parent || app.model.root);
    else app.select(null);
  } else if (key === '+' || key === '=') app.zoomTimeline(0.5);
  else if (key === '-' || key === '_') app.zoomTimeline(2);
  else if (key === '0') app.fitTimeline();
  else if (key === 'v') app.toggleVirtual();
  else if (key === '/') search.focus();
  else if (key === '?') help.hidden = !help.hidden;
  else handled = false;
  if (handled) ev.preventDefault();
}
