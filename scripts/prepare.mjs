// npm's `prepare` script: builds dist/, which is not committed. npm runs it
// after `npm ci` or `npm install` in a checkout, before `npm pack` packs, and
// when it installs this repository as a git dependency, which is how the
// pre-commit framework installs the `language: node` hook (.pre-commit-hooks.yaml).
//
// A global install from git (`npm install -g git+…`, pre-commit's way) runs
// this script without installing the devDependencies first (npm/cli#8440), so
// esbuild is missing: install them here, into this folder (--prefix,
// --global=false: the global flag is inherited from the outer npm), without
// their scripts (this one would run again; esbuild needs none), then build.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function resolves(name) {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

if (!resolves('esbuild') && process.env.npm_config_global === 'true') {
  // npm_execpath: the npm that runs this script.
  const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
  const args = ['ci', '--prefix', root, '--global=false', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund'];
  const r = spawnSync(npm[0], [...npm.slice(1), ...args], { cwd: root, stdio: 'inherit', shell: npm[0] === 'npm' && process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
await import('./build.mjs');
