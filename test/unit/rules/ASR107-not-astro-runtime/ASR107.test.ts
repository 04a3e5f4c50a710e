import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { checkTree } from '../../../../src/engine/check';
import { MemoryFs } from '../../../../src/engine/fs/fs';
import { memoryFsFromDir, range, testCatalog, TODAY } from '../../helpers';

// out/test/unit/rules/ASR107-not-astro-runtime → the source tree's fixtures.
const WORKSPACE = path.resolve(__dirname, '../../../../../test/unit/rules/ASR107-not-astro-runtime/fixtures/workspace');

describe('ASR107 not-astro-runtime', () => {
  it('info for an .astro project whose final stage is not an Astronomer image, and only there', async () => {
    const result = await checkTree(memoryFsFromDir(WORKSPACE), { catalog: testCatalog(), today: TODAY });
    assert.deepEqual(result.problems, []);
    // not-a-project (python:3.12, no .astro) is not a project at all
    assert.deepEqual(
      result.projects.map((p) => p.root),
      ['astro-python', 'base-from-arg', 'runtime-project'],
    );
    const asr107 = result.findings.filter((f) => f.ruleId === 'ASR107');
    assert.equal(asr107.length, 1);
    const f = asr107[0];
    assert.equal(f.rule, 'not-astro-runtime');
    assert.equal(f.responsibility, 'runtime');
    assert.equal(f.severity, 'info');
    assert.equal(f.file, 'astro-python/Dockerfile');
    assert.deepEqual(f.range, range(0, 5, 0, 21));
    assert.equal(
      f.message,
      "This Astro project's image builds from python:3.12-slim, not from Astro Runtime. Astro Deployments run Astro Runtime images; on any other base image, keeping Airflow and the operating system patched is entirely yours.",
    );
    assert.deepEqual(f.fixes, []);
    assert.deepEqual(result.projects.find((p) => p.root === 'astro-python')?.runtime, null);
  });

  it('never for a build stage that is not the final one', async () => {
    const result = await checkTree(memoryFsFromDir(WORKSPACE), { catalog: testCatalog(), today: TODAY }, 'runtime-project');
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.projects, [
      { root: 'runtime-project', runtime: { image: 'quay.io/astronomer/astro-runtime', tag: '13.2.0', version: '13.2.0', airflowVersion: '2.11.0' } },
    ]);
  });

  it('an image from an ARG with no default is ASR104, not a guess that it is not Runtime', async () => {
    const result = await checkTree(memoryFsFromDir(WORKSPACE), { catalog: testCatalog(), today: TODAY }, 'base-from-arg');
    assert.deepEqual(
      result.findings.map((f) => [f.ruleId, f.range]),
      [['ASR104', range(1, 5, 1, 18)]],
    );
  });

  it('a folder without .astro whose Dockerfile is python:3.12 is not a project', async () => {
    const fs = new MemoryFs({ Dockerfile: 'FROM python:3.12\n' });
    assert.deepEqual(await checkTree(fs, { catalog: testCatalog(), today: TODAY }), { projects: [], findings: [], problems: [], intel: 'offline' });
  });

  it("settings: 'off', and raised to warning", async () => {
    const fs = new MemoryFs({ Dockerfile: 'FROM python:3.12\n', '.astro/config.yaml': '' });
    assert.deepEqual((await checkTree(fs, { catalog: testCatalog(), today: TODAY, rules: { ASR107: 'off' } })).findings, []);
    const raised = await checkTree(fs, { catalog: testCatalog(), today: TODAY, rules: { 'not-astro-runtime': 'warning' } });
    assert.equal(raised.findings[0].severity, 'warning');
  });
});
