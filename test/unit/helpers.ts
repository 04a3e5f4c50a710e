/** Shared helpers for the unit tests: the test catalog, memory projects, applying fixes. */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkTree, type CheckOptions, type CheckResult } from '../../src/engine/check';
import { MemoryFs } from '../../src/engine/fs/fs';
import { catalogFromFeed, type RuntimeCatalog } from '../../src/engine/knowledge/runtime/catalog';
import { LineIndex } from '../../src/engine/fs/text';
import type { Finding, Fix, Range, TextEdit } from '../../src/engine/types';

/** test/unit in the source tree (fixtures are not compiled; out/test/unit/helpers.js is three levels below the root). */
export const UNIT_SRC = path.resolve(__dirname, '../../../test/unit');

/** The date every rule test judges against. The test catalog's dates are written around it. */
export const TODAY = '2026-03-01';

export const CATALOG_FILE = path.join(UNIT_SRC, 'rules/fixtures/catalog.json');

let memo: RuntimeCatalog | undefined;
/** The compact test catalog (feed format), never the bundled one. */
export function testCatalog(): RuntimeCatalog {
  memo ??= catalogFromFeed(JSON.parse(readFileSync(CATALOG_FILE, 'utf8')), { source: 'file', asOf: '2026-02-25', origin: 'test catalog' });
  return memo;
}

/** Reads a fixture; fails clearly when the folder was resolved wrongly. */
export function readFixture(dir: string, name: string): string {
  assert.ok(statSync(dir).isDirectory(), `fixture folder ${dir} not found`);
  return readFileSync(path.join(dir, name), 'utf8');
}

/** A MemoryFs holding every file below `dir` (paths relative, with `/`). */
export function memoryFsFromDir(dir: string): MemoryFs {
  const files: Record<string, string> = {};
  const walk = (abs: string, rel: string) => {
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(abs, e.name), r);
      else if (e.isFile()) files[r] = readFileSync(path.join(abs, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return new MemoryFs(files);
}

/** Checks one Dockerfile as the root project (with `.astro/config.yaml` unless told otherwise). */
export async function checkDockerfile(text: string, options: Partial<CheckOptions> = {}, astroConfig = true): Promise<CheckResult> {
  const files: Record<string, string> = { Dockerfile: text };
  if (astroConfig) files['.astro/config.yaml'] = 'project:\n  name: test\n';
  return checkTree(new MemoryFs(files), { catalog: testCatalog(), today: TODAY, ...options });
}

/** The single finding of a Dockerfile (fails when there is not exactly one). */
export async function onlyFinding(text: string, options: Partial<CheckOptions> = {}): Promise<Finding> {
  const { findings, problems } = await checkDockerfile(text, options);
  assert.deepEqual(problems, []);
  assert.equal(findings.length, 1, `expected one finding, got ${JSON.stringify(findings, null, 1)}`);
  return findings[0];
}

export function range(sl: number, sc: number, el: number, ec: number): Range {
  return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}

/** Applies edits of one file to its text (edits must not overlap), as an editor would. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const spans = edits.map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText }));
  spans.sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return out;
}

/** Applies a fix's edits to `text` (all in the Dockerfile). */
export function applyFix(text: string, fix: Fix, file = 'Dockerfile'): string {
  for (const e of fix.edits) assert.equal(e.file, file);
  return applyEdits(text, fix.edits);
}

/** A compact view of fixes for deepEqual: title, preferred, edits without file. */
export function fixesOf(f: Finding): { title: string; isPreferred?: true; edits: { range: Range; newText: string }[] }[] {
  return f.fixes.map((x) => ({
    title: x.title,
    ...(x.isPreferred ? { isPreferred: true as const } : {}),
    edits: x.edits.map((e) => ({ range: e.range, newText: e.newText })),
  }));
}

/** Every version a fix writes is a stable, non-yanked release of the test catalog (never alpha, beta, deprecated or yanked). */
export function assertInstallableTargets(findings: readonly Finding[]): void {
  const catalog = testCatalog();
  for (const f of findings) {
    for (const fix of f.fixes) {
      for (const e of fix.edits) {
        const m = /^:?(\d+\.\d+[.-]\d+)/.exec(e.newText);
        if (!m) continue;
        const release = catalog.get(m[1].includes('-') ? 'v3' : 'v2', m[1]);
        assert.ok(release, `fix '${fix.title}' writes ${m[1]}, which the catalog does not know`);
        assert.equal(release.channel, 'stable', `fix '${fix.title}' offers a ${release.channel} release`);
        assert.equal(release.yanked, false, `fix '${fix.title}' offers a yanked release`);
      }
    }
  }
}

/**
 * A tree on disk of many small projects, each with findings of several kinds
 * (fake values), plus a nested project with a broken Dockerfile, so that
 * problems and nesting are exercised too. `pinnedRequirement` is added to the
 * requirements of every other project.
 */
export function makeProjectsTree(projects: number, prefix: string, pinnedRequirement?: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  const tags = ['12.4.0', '13.0.0', '13.2.0'];
  for (let i = 0; i < projects; i++) {
    const dir = path.join(root, `team-${i % 3}`, `p${String(i).padStart(2, '0')}`);
    mkdirSync(path.join(dir, '.astro'), { recursive: true });
    mkdirSync(path.join(dir, 'dags'), { recursive: true });
    writeFileSync(path.join(dir, '.astro', 'config.yaml'), `project:\n  name: p${i}\n`);
    writeFileSync(path.join(dir, 'Dockerfile'), `FROM quay.io/astronomer/astro-runtime:${tags[i % tags.length]}\n`);
    writeFileSync(path.join(dir, 'requirements.txt'), i % 2 ? `requests\napache-airflow==2.10.2\n${pinnedRequirement ? `${pinnedRequirement}\n` : ''}` : 'pandas==2.2.3\n');
    writeFileSync(path.join(dir, '.env'), `SNOWFLAKE_PASSWORD=Qx7${i}vLm2Rt9pWz4Kd\n`);
    writeFileSync(path.join(dir, 'dags', 'etl.py'), `api_token = "ghp_${'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3h'.slice(0, 34)}${String(i).padStart(2, '0')}"\n`);
  }
  mkdirSync(path.join(root, 'team-0', 'p00', 'dags', 'inner', '.astro'), { recursive: true });
  writeFileSync(path.join(root, 'team-0', 'p00', 'dags', 'inner', '.astro', 'config.yaml'), 'project:\n  name: inner\n');
  writeFileSync(path.join(root, 'team-0', 'p00', 'dags', 'inner', 'Dockerfile'), 'FROM\n');
  return root;
}

/** The range of the `nth` (0-based) `needle` on line `line` (0-based) of `text`. */
export function rangeOn(text: string, line: number, needle: string, nth = 0): Range {
  const lines = text.split('\n');
  let at = -1;
  for (let k = 0; k <= nth; k++) at = lines[line].indexOf(needle, at + 1);
  assert.ok(at >= 0, `'${needle}' not on line ${line}`);
  return range(line, at, line, at + needle.length);
}
