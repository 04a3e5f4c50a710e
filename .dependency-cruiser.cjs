/**
 * The engine's import graph flows one way (test/unit/architecture.test.ts
 * runs this with `depcruise --validate`; `npm run deps:graph` prints it):
 *
 *   types, product → fs → knowledge → files → project → analysis → rules → policy → check → hovers → index → report
 *
 * A module may import its own layer and the layers before it, never a later
 * one; the engine never imports `vscode`, the CLI or the extension; and there
 * is no circle anywhere. `report/` (the shared-responsibility report) is the
 * top: nothing of the engine imports it, not even index.ts; only the CLI and
 * the extension do.
 */
const E = '^src/engine/';
const LAYERS = ['fs/', 'knowledge/', 'files/', 'project/', 'analysis/', 'rules/', 'policy/', 'check\\.ts', 'hovers/', 'index\\.ts', 'report/'];

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.replace(/[/\\.]|ts$/g, '')}`,
  comment: `src/engine/${layer.replace('\\\\', '')} imports only itself and the layers before it`,
  severity: 'error',
  from: { path: `${E}${layer}` },
  to: { path: `${E}(?:${LAYERS.slice(i + 1).join('|')})` },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'no import circle', severity: 'error', from: {}, to: { circular: true } },
    { name: 'engine-without-vscode', comment: 'the engine never imports vscode', severity: 'error', from: { path: E }, to: { path: '(^|/)vscode(/|$)' } },
    { name: 'engine-without-adapters', comment: 'the engine never imports the CLI or the extension', severity: 'error', from: { path: E }, to: { path: '^src/(?:cli|extension)/' } },
    {
      name: 'leaves',
      comment: 'types.ts and product.ts import nothing of the engine',
      severity: 'error',
      from: { path: `${E}(?:types|product)\\.ts$` },
      to: { path: E },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(out|dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
  },
};
