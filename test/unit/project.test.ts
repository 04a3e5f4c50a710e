import { strict as assert } from 'node:assert';
import { checkTree } from '../../src/engine/check';
import { MemoryFs, type DirEntry, type ProjectFs } from '../../src/engine/fs/fs';
import { findProjects, loadProject } from '../../src/engine/project/find';
import { MAX_TEXT_BYTES as MAX_DOCKERFILE_BYTES } from '../../src/engine/fs/text';
import { testCatalog, TODAY } from './helpers';

const RUNTIME = 'FROM quay.io/astronomer/astro-runtime:13.2.0\n';
const ASTRO = 'project:\n  name: x\n';

describe('project discovery', () => {
  it('finds projects at any depth, also inside another project and its dags/ folder, sorted by root', async () => {
    const fs = new MemoryFs({
      Dockerfile: RUNTIME,
      '.astro/config.yaml': ASTRO,
      'dags/example/Dockerfile': RUNTIME,
      'teams/a/b/c/d/Dockerfile': 'FROM python:3.12\n',
      'teams/a/b/c/d/.astro/config.yaml': ASTRO,
      'teams/z/Dockerfile': RUNTIME,
      'teams/z/dags/inner/Dockerfile': 'FROM astrocrpublic.azurecr.io/runtime:3.1-17\n',
      'teams/z/requirements.txt': '',
    });
    const { projects, problems } = await findProjects(fs);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      projects.map((p) => [p.root, p.dockerfilePath, p.hasAstroConfig]),
      [
        ['', 'Dockerfile', true],
        ['dags/example', 'dags/example/Dockerfile', false],
        ['teams/a/b/c/d', 'teams/a/b/c/d/Dockerfile', true],
        ['teams/z', 'teams/z/Dockerfile', false],
        ['teams/z/dags/inner', 'teams/z/dags/inner/Dockerfile', false],
      ],
    );
    assert.equal(projects[0].final?.tag, '13.2.0');
  });

  it('skips node_modules, .git, .venv, venv and the folders of a virtual environment (not the folder holding pyvenv.cfg itself)', async () => {
    const fs = new MemoryFs({
      'node_modules/pkg/Dockerfile': RUNTIME,
      '.git/x/Dockerfile': RUNTIME,
      '.venv/lib/Dockerfile': RUNTIME,
      'venv/Dockerfile': RUNTIME,
      // A virtual environment created in a repository's own folder: its lib/, bin/ and include/python3.12/ are skipped, the project is not.
      'repo/pyvenv.cfg': 'home = /usr/bin\n',
      'repo/Dockerfile': RUNTIME,
      'repo/lib/python3.12/site-packages/x/Dockerfile': RUNTIME,
      'repo/bin/Dockerfile': RUNTIME,
      'repo/include/python3.12/Dockerfile': RUNTIME,
      'repo/include/sql/report.sql': 'SELECT 1;\n',
      'app/Dockerfile': RUNTIME,
    });
    const { projects } = await findProjects(fs);
    assert.deepEqual(
      projects.map((p) => p.root),
      ['app', 'repo'],
    );
    assert.deepEqual(
      projects[1].files!.sources.map((s) => s.rel),
      ['Dockerfile', 'include/sql/report.sql', 'pyvenv.cfg'],
    );
  });

  it('a Dockerfile without .astro is a project when its final stage is an Astronomer image, and not otherwise', async () => {
    const yes = ['FROM quay.io/astronomer/astro-runtime:12.4.0\n', 'FROM astrocrpublic.azurecr.io/runtime:3.1-12\n', 'FROM quay.io/astronomer/ap-airflow:2.2.5\n', 'FROM air.astronomer.io/runtime:3.0-2\n'];
    for (const text of yes) assert.ok(await loadProject(new MemoryFs({ Dockerfile: text }), ''), text);
    const no = ['FROM python:3.12\n', 'FROM quay.io/astronomer/astro-runtime:12.4.0 AS rt\nFROM python:3.12\n', '', 'RUN echo\n'];
    for (const text of no) assert.equal(await loadProject(new MemoryFs({ Dockerfile: text }), ''), undefined, text);
    // with .astro/config.yaml, anything is a project
    const withConfig = await loadProject(new MemoryFs({ Dockerfile: 'FROM python:3.12\n', '.astro/config.yaml': '' }), '');
    assert.equal(withConfig?.hasAstroConfig, true);
  });

  it('reports a huge (> 1 MB) Dockerfile as a problem and goes on', async () => {
    const huge = RUNTIME + '#'.repeat(MAX_DOCKERFILE_BYTES);
    const fs = new MemoryFs({ 'big/Dockerfile': huge, 'big/.astro/config.yaml': ASTRO, 'ok/Dockerfile': RUNTIME });
    const result = await checkTree(fs, { catalog: testCatalog(), today: TODAY });
    assert.deepEqual(result.problems, [{ file: 'big/Dockerfile', message: 'skipped: larger than 1 MB' }]);
    assert.deepEqual(
      result.projects.map((p) => p.root),
      ['ok'],
    );
  });

  it('reports a binary Dockerfile as a problem', async () => {
    const fs = new MemoryFs({ Dockerfile: 'FROM quay.io/astronomer/astro-runtime:12.4.0\n\u0000\u0001\u0002', '.astro/config.yaml': ASTRO });
    const result = await checkTree(fs, { catalog: testCatalog(), today: TODAY });
    assert.deepEqual(result, { projects: [], findings: [], problems: [{ file: 'Dockerfile', message: 'skipped: binary content' }], intel: 'offline' });
  });

  it("reports what the parser noticed in a project's Dockerfile", async () => {
    const fs = new MemoryFs({ Dockerfile: 'FROM\n', '.astro/config.yaml': ASTRO });
    const result = await checkTree(fs, { catalog: testCatalog(), today: TODAY });
    assert.deepEqual(result.problems, [{ file: 'Dockerfile', message: 'line 1: FROM without an image' }]);
    assert.deepEqual(result.projects, [{ root: '', runtime: null }]);
    assert.deepEqual(result.findings, []);
  });

  it('a folder or file that cannot be read is a problem, never an exception', async () => {
    class FlakyFs implements ProjectFs {
      private readonly inner = new MemoryFs({ 'a/Dockerfile': RUNTIME, 'b/Dockerfile': RUNTIME, 'c/Dockerfile': RUNTIME });
      async readText(path: string): Promise<string | undefined> {
        if (path === 'b/Dockerfile') throw new Error('EACCES: permission denied');
        return this.inner.readText(path);
      }
      async list(path: string): Promise<DirEntry[]> {
        if (path === 'c') throw new Error('EIO: i/o error');
        return this.inner.list(path);
      }
    }
    const { projects, problems } = await findProjects(new FlakyFs());
    assert.deepEqual(
      projects.map((p) => p.root),
      ['a'],
    );
    assert.deepEqual(problems, [
      { file: 'b/Dockerfile', message: 'could not read: EACCES: permission denied' },
      { file: 'c', message: 'could not list the folder: EIO: i/o error' },
    ]);
  });

  it('a Dockerfile that is a folder is not read', async () => {
    const fs = new MemoryFs({ 'Dockerfile/readme.md': 'x', '.astro/config.yaml': ASTRO });
    assert.deepEqual(await findProjects(fs), { projects: [], problems: [] });
  });

  it('checks only below the given root', async () => {
    const fs = new MemoryFs({ 'a/Dockerfile': RUNTIME, 'b/Dockerfile': RUNTIME });
    const { projects } = await findProjects(fs, 'b');
    assert.deepEqual(
      projects.map((p) => p.root),
      ['b'],
    );
  });
});
