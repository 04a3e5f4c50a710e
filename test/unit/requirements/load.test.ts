import { strict as assert } from 'node:assert';
import { MemoryFs } from '../../../src/engine/fs/fs';
import { packageQueries } from '../../../src/engine/analysis/requirements/queries';
import { dockerfileInstalls, splitShell } from '../../../src/engine/files/dockerfile/installs';
import { isBinaryFileName } from '../../../src/engine/files/kinds';
import { loadProject } from '../../../src/engine/project/find';
import { parsePackagesFile } from '../../../src/engine/files/requirements/packages';
import type { ReadProblem } from '../../../src/engine/types';
import { range } from '../helpers';
import { checkFiles, RUNTIME_DOCKERFILE } from './project';

const ASTRO = 'project:\n  name: x\n';

async function load(files: Record<string, string>) {
  const problems: ReadProblem[] = [];
  const project = await loadProject(new MemoryFs({ '.astro/config.yaml': ASTRO, ...files }), '', problems);
  assert.ok(project);
  return { project, problems, paths: project.requirements?.files.map((f) => `${f.kind}:${f.path}`) ?? [] };
}

describe('loading what a project installs', () => {
  it('requirements.txt at the root, installed by the ONBUILD step', async () => {
    const { paths, problems } = await load({ Dockerfile: RUNTIME_DOCKERFILE, 'requirements.txt': 'pandas==2.2.3\n' });
    assert.deepEqual(paths, ['requirements:requirements.txt']);
    assert.deepEqual(problems, []);
  });

  it('a file the Dockerfile copies to /tmp and installs with pip', async () => {
    const { paths, problems } = await load({
      Dockerfile: `${RUNTIME_DOCKERFILE}COPY reqs/dev.txt /tmp/dev.txt\nRUN pip install --no-cache-dir -r /tmp/dev.txt\n`,
      'requirements.txt': 'a==1\n',
      'reqs/dev.txt': 'b==1\n',
    });
    assert.deepEqual(paths, ['requirements:requirements.txt', 'requirements:reqs/dev.txt']);
    assert.deepEqual(problems, []);
  });

  it('a relative -r after the ONBUILD copy means the project path; uv, python -m pip, -c, --requirement=, $AIRFLOW_HOME', async () => {
    const dockerfile = [
      RUNTIME_DOCKERFILE.trim(),
      'RUN pip install -r requirements/dev.txt && echo done',
      'RUN uv pip install --system -r requirements/uv.txt',
      'RUN python3 -m pip install --user --requirement=requirements/py.txt -c constraints.txt',
      'RUN pip install -r $AIRFLOW_HOME/requirements/home.txt',
      'WORKDIR /usr/local/airflow/requirements',
      'RUN ["pip", "install", "-r", "exec.txt"]',
      '',
    ].join('\n');
    const { paths } = await load({
      Dockerfile: dockerfile,
      'requirements/dev.txt': 'a==1\n',
      'requirements/uv.txt': 'a==1\n',
      'requirements/py.txt': 'a==1\n',
      'constraints.txt': 'a==1\n',
      'requirements/home.txt': 'a==1\n',
      'requirements/exec.txt': 'a==1\n',
    });
    assert.deepEqual(paths, [
      'requirements:requirements/dev.txt',
      'requirements:requirements/uv.txt',
      'requirements:requirements/py.txt',
      'constraints:constraints.txt',
      'requirements:requirements/home.txt',
      'requirements:requirements/exec.txt',
    ]);
  });

  it('COPY into a folder, COPY of a folder, and a glob', async () => {
    const { project } = await load({
      Dockerfile: `${RUNTIME_DOCKERFILE}COPY reqs/ /opt/reqs/\nCOPY extra/*.txt /opt/extra/\nCOPY one.txt /opt/\nRUN pip install -r /opt/reqs/a.txt -r /opt/extra/b.txt -r /opt/one.txt\n`,
    });
    assert.deepEqual(
      dockerfileInstalls(project.dockerfile).files.map((f) => [f.target, f.candidates[0]]),
      [
        ['/opt/reqs/a.txt', 'reqs/a.txt'],
        ['/opt/extra/b.txt', 'extra/b.txt'],
        ['/opt/one.txt', 'one.txt'],
      ],
    );
  });

  it('follows -r and -c includes relative to the including file, in order, each file once', async () => {
    const { paths, problems } = await load({
      Dockerfile: RUNTIME_DOCKERFILE,
      'requirements.txt': '-r reqs/base.txt\n-c reqs/pins.txt\nc==1\n',
      'reqs/base.txt': '-r common.txt\na==1\n',
      'reqs/common.txt': 'b==1\n',
      'reqs/pins.txt': '-r common.txt\na==1\n',
    });
    assert.deepEqual(paths, ['requirements:requirements.txt', 'requirements:reqs/base.txt', 'requirements:reqs/common.txt', 'constraints:reqs/pins.txt']);
    assert.deepEqual(problems, []);
  });

  it('reports a missing include and a cycle once, as problems', async () => {
    const { paths, problems } = await load({
      Dockerfile: `${RUNTIME_DOCKERFILE}RUN pip install -r requirements.txt\n`,
      'requirements.txt': '-r missing.txt\n-r a.txt\n',
      'a.txt': '-r requirements.txt\n-r missing.txt\n',
    });
    assert.deepEqual(paths, ['requirements:requirements.txt', 'requirements:a.txt']);
    assert.deepEqual(problems, [
      { file: 'requirements.txt', message: 'line 1: `missing.txt` does not exist (missing.txt); pip stops with an error' },
      { file: 'a.txt', message: 'line 1: `requirements.txt` includes a file that is already being read (a cycle of -r/-c includes); pip stops with an error' },
      { file: 'a.txt', message: 'line 2: `missing.txt` does not exist (missing.txt); pip stops with an error' },
    ]);
  });

  it('a file the Dockerfile installs that the project lacks is a problem on the Dockerfile; remote files are kept as unread', async () => {
    const { project, problems } = await load({
      Dockerfile: `${RUNTIME_DOCKERFILE}COPY dev.txt /tmp/dev.txt\nRUN pip install -r /tmp/dev.txt -c https://raw.githubusercontent.com/apache/airflow/constraints-2.10.5/constraints-3.12.txt\n`,
    });
    assert.deepEqual(problems, [{ file: 'Dockerfile', message: '`/tmp/dev.txt`, installed by a RUN instruction, comes from dev.txt, which does not exist' }]);
    assert.deepEqual(project.requirements?.unread, [
      { kind: 'constraint', target: 'https://raw.githubusercontent.com/apache/airflow/constraints-2.10.5/constraints-3.12.txt', from: 'Dockerfile' },
    ]);
  });

  it('a -base image has no ONBUILD: requirements.txt and packages.txt count only when the Dockerfile installs them', async () => {
    const base = await load({ Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.2.0-base\n', 'requirements.txt': 'a\n', 'packages.txt': 'curl\n' });
    assert.equal(base.project.requirements, undefined);
    assert.equal(base.project.packages, undefined);
    const copied = await load({
      Dockerfile: 'FROM quay.io/astronomer/astro-runtime:13.2.0-base\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n',
      'requirements.txt': 'a\n',
    });
    assert.deepEqual(copied.paths, ['requirements:requirements.txt']);
  });

  it('a project in a subfolder reads its own files', async () => {
    const problems: ReadProblem[] = [];
    const project = await loadProject(new MemoryFs({ 'teams/a/Dockerfile': RUNTIME_DOCKERFILE, 'teams/a/requirements.txt': '-r more.txt\n', 'teams/a/more.txt': 'x==1\n', 'teams/a/packages.txt': 'curl\n' }), 'teams/a', problems);
    assert.deepEqual(project?.requirements?.files.map((f) => f.path), ['teams/a/requirements.txt', 'teams/a/more.txt']);
    assert.equal(project?.packages?.path, 'teams/a/packages.txt');
    assert.deepEqual(problems, []);
  });

  it('oversized and binary requirement files are problems, skipped', async () => {
    const { problems, paths } = await load({ Dockerfile: RUNTIME_DOCKERFILE, 'requirements.txt': 'a\u0000b', 'packages.txt': 'x'.repeat(1024 * 1024 + 1) });
    assert.deepEqual(paths, []);
    assert.deepEqual(problems, [
      { file: 'requirements.txt', message: 'skipped: binary content' },
      { file: 'packages.txt', message: 'skipped: larger than 1 MB' },
    ]);
  });

  it('the untouched astro dev init template: nothing loaded into findings', async () => {
    const result = await checkFiles({
      'requirements.txt': '# Astro Runtime includes the following pre-installed providers packages: https://www.astronomer.io/docs/astro/runtime-image-architecture#provider-packages\n',
      'packages.txt': '',
    }, { rules: { ASR308: 'info' } });
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.problems, []);
  });

  it('packageQueries: every named requirement once, with the version == pins', async () => {
    const { project } = await load({
      Dockerfile: RUNTIME_DOCKERFILE,
      'requirements.txt': 'Pandas==2.2.3\nrequests>=2\n./local\nfoo_bar===1.0\npandas==2.2.3\ngit+https://github.com/o/r@main#egg=vcs_pkg\n',
    });
    assert.deepEqual(packageQueries(project), [{ name: 'pandas', version: '2.2.3' }, { name: 'requests' }, { name: 'foo-bar', version: '1.0' }, { name: 'vcs-pkg' }]);
  });

  it('isBinaryFileName: requirement, constraint and packages files, and every other text file are read as text', () => {
    for (const name of ['Dockerfile', 'requirements.txt', 'a/requirements-dev.txt', 'constraints.txt', 'packages.txt', 'requirements.in', 'reqs/dev.pip', 'requirements']) {
      assert.equal(isBinaryFileName(name), false, name);
    }
    // Files read for committed credentials (ASR201-ASR209) and the ignore files that decide their exposure.
    for (const name of ['dags/x.py', 'airflow_settings.yaml', '.env', '.env/dev.env', 'prod.env', '.env.local', '.gitignore', '.dockerignore', 'deployment.yaml']) {
      assert.equal(isBinaryFileName(name), false, name);
    }
    // Any text file can hold a credential (ASR210): only files binary by their extension are left out.
    for (const name of ['README.md', 'include/sql/users.sql', 'include/explore.ipynb']) assert.equal(isBinaryFileName(name), false, name);
    for (const name of ['include/logo.png', 'include/model.pkl', 'dist/lib.whl']) assert.equal(isBinaryFileName(name), true, name);
  });

  it('splitShell: quotes, escapes and command separators', () => {
    assert.deepEqual(splitShell(`pip install -r "a b.txt" 'c.txt' && echo x\\ y; uv pip sync r.txt | tee log`), [
      ['pip', 'install', '-r', 'a b.txt', 'c.txt'],
      ['echo', 'x y'],
      ['uv', 'pip', 'sync', 'r.txt'],
      ['tee', 'log'],
    ]);
  });
});

describe('parsePackagesFile', () => {
  it('names, name=version, comments and blank lines, with exact ranges', () => {
    const f = parsePackagesFile('packages.txt', '# system packages\ncurl\n\nlibpq-dev=15.6-0+deb12u1  # for psycopg2\n  gcc g++\n');
    assert.deepEqual(f.packages, [
      { name: 'curl', range: range(1, 0, 1, 4), nameRange: range(1, 0, 1, 4) },
      { name: 'libpq-dev', version: '15.6-0+deb12u1', range: range(3, 0, 3, 24), nameRange: range(3, 0, 3, 9) },
      { name: 'gcc', range: range(4, 2, 4, 5), nameRange: range(4, 2, 4, 5) },
      { name: 'g++', range: range(4, 6, 4, 9), nameRange: range(4, 6, 4, 9) },
    ]);
  });

  it('an empty file has nothing', () => {
    assert.deepEqual(parsePackagesFile('packages.txt', ''), { path: 'packages.txt', packages: [] });
  });
});
