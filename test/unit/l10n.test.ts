import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { UNIT_SRC } from './helpers';

const REPO = path.resolve(UNIT_SRC, '../..');

describe('translations: every string of the extension can be translated without a code change', function () {
  this.timeout(60_000);

  it('l10n/bundle.l10n.json holds every vscode.l10n.t string of src/extension (npm run l10n)', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'asr-l10n-'));
    try {
      const cli = path.join(REPO, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
      const run = spawnSync(process.execPath, [cli, 'export', '--outDir', out, path.join(REPO, 'src', 'extension')], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const fresh = JSON.parse(readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8'));
      const committed = JSON.parse(readFileSync(path.join(REPO, 'l10n', 'bundle.l10n.json'), 'utf8'));
      assert.deepEqual(Object.keys(committed).sort(), Object.keys(fresh).sort());
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('package.json shows no literal text where VS Code displays it: every %key% is in package.nls.json', () => {
    const pkg = readFileSync(path.join(REPO, 'package.json'), 'utf8');
    const nls = JSON.parse(readFileSync(path.join(REPO, 'package.nls.json'), 'utf8'));
    const keys = [...pkg.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length > 20, `${keys.length} keys`);
    for (const k of keys) assert.ok(typeof nls[k] === 'string' && nls[k].length > 0, k);
    const json = JSON.parse(pkg);
    for (const [name, prop] of Object.entries(json.contributes.configuration.properties as Record<string, { markdownDescription?: string; description?: string }>)) {
      assert.match(prop.markdownDescription ?? prop.description ?? '', /^%.+%$/, name);
    }
    for (const c of json.contributes.commands as { title: string }[]) assert.match(c.title, /^%.+%$/);
  });
});
