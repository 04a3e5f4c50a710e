// Bundles the extension and the CLI with esbuild into dist/.
import { build } from 'esbuild';
import { readFileSync, chmodSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: process.argv.includes('--minify'),
  define: { PRODUCT_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
  // jsonc-parser's main build is UMD with requires esbuild cannot follow; its ESM build bundles.
  mainFields: ['module', 'main'],
};

await Promise.all([
  build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  // The extension's whole-folder check runs in worker threads (src/extension/workspaceCheck.ts): its own entry.
  build({ ...common, entryPoints: ['src/extension/checkWorker.ts'], outfile: 'dist/checkWorker.js' }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);
chmodSync('dist/cli.js', 0o755);
