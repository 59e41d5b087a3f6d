// Bundles the viewer's ES modules into the one script that Template inlines into the page.
import { build } from 'esbuild';

const outfile = process.argv[2] || 'target/generated-resources/js/io/reactortrack/viewer/viewer.js';

await build({
  entryPoints: ['src/main/js/main.js'],
  bundle: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'none',
  logLevel: 'warning',
  outfile
});
