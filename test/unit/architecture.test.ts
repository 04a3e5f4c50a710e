/**
 * The engine's imports flow one way, with no circle, and never reach vscode,
 * the CLI or the extension: `depcruise --validate` with the rules of
 * .dependency-cruiser.cjs, run on src/engine and, to show that the rules
 * bite, on a small tree that breaks each of them.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { UNIT_SRC } from './helpers';

const REPO = path.resolve(UNIT_SRC, '../..');
const CONFIG = path.join(REPO, '.dependency-cruiser.cjs');
const DEPCRUISE = path.join(REPO, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

function cruise(cwd: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [DEPCRUISE, 'src/engine', '--config', CONFIG, '--output-type', 'err'], { cwd, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('engine architecture: imports flow one way', function () {
  this.timeout(60_000);

  it('src/engine has no import circle and no import of a later layer, vscode, the CLI or the extension', () => {
    const { status, output } = cruise(REPO);
    assert.equal(status, 0, output);
    assert.match(output, /no dependency violations found/);
  });

  it('the rules catch a circle, an import of a later layer and an import of vscode', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'asr-arch-'));
    try {
      const write = (rel: string, text: string) => {
        mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        writeFileSync(path.join(dir, rel), text);
      };
      write('tsconfig.json', '{ "compilerOptions": { "module": "commonjs", "strict": true } }\n');
      write('src/engine/files/a.ts', "import { b } from './b';\nexport const a = () => b;\n");
      write('src/engine/files/b.ts', "import { a } from './a';\nexport const b = () => a;\n");
      write('src/engine/fs/up.ts', "import { rule } from '../rules/rule';\nexport const up = rule;\n");
      write('src/engine/rules/rule.ts', "import * as vscode from 'vscode';\nexport const rule = vscode;\n");
      write('src/engine/report/model.ts', 'export const report = 1;\n');
      write('src/engine/index.ts', "export { report } from './report/model';\n");
      const { status, output } = cruise(dir);
      assert.notEqual(status, 0);
      assert.match(output, /no-circular: src\/engine\/files\/a\.ts → \s+src\/engine\/files\/b\.ts →\s+src\/engine\/files\/a\.ts/);
      assert.match(output, /layer-fs: src\/engine\/fs\/up\.ts → src\/engine\/rules\/rule\.ts/);
      assert.match(output, /engine-without-vscode: src\/engine\/rules\/rule\.ts → vscode/);
      // The report is the top layer: not even the engine's index may import it.
      assert.match(output, /layer-index: src\/engine\/index\.ts → src\/engine\/report\/model\.ts/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
