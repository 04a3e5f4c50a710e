/**
 * Every regex the secret detectors use is checked for catastrophic
 * backtracking with recheck (https://makenowjust-labs.github.io/recheck/),
 * which runs offline: its `auto` backend uses the native binary shipped as an
 * optional npm package where there is one, else Java, else its pure-JS
 * build. A pattern passes only when recheck says `safe`: no exponential or
 * polynomial attack string exists for it.
 *
 * Checked: the exported list ALL_PATTERNS (the detectors' patterns by id),
 * and every other regex literal written in the files of secret detection
 * (the detectors in src/engine/knowledge/secrets, the scanners in
 * src/engine/analysis/secrets, the file readers they use in src/engine/files
 * and the secret rules), read with the TypeScript parser so that none is
 * forgotten.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkSync } from 'recheck';
import * as ts from 'typescript';
import { ALL_PATTERNS } from '../../../src/engine/knowledge/secrets/detect';
import { UNIT_SRC } from '../helpers';

const ENGINE_SRC = path.resolve(UNIT_SRC, '../../src/engine');
const tsFiles = (dir: string, keep: (name: string) => boolean = () => true) =>
  readdirSync(path.join(ENGINE_SRC, dir)).filter((f) => f.endsWith('.ts') && keep(f)).map((f) => path.join(ENGINE_SRC, dir, f));
/** Every file of secret detection: the detectors, the file scanners, the readers of the files they scan, and the secret rules. */
const SOURCE_FILES = [
  ...tsFiles('knowledge/secrets'),
  ...tsFiles('analysis/secrets'),
  ...tsFiles('files'),
  ...tsFiles('rules', (f) => /^ASR2\d\d-.*\.ts$/.test(f)),
];

/** Whether `new RegExp(…)` initialises an exported constant of its module that ALL_PATTERNS lists (so recheck sees the built pattern). */
function listedExport(abs: string, node: ts.NewExpression): boolean {
  const decl = node.parent;
  if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return false;
  // The compiled module: out/src/engine/<dir>/<file>.js, beside this compiled test's out/test.
  const compiled = path.resolve(__dirname, '../../../src/engine', path.relative(ENGINE_SRC, abs).replace(/\.ts$/, ''));
  const value = (require(compiled) as Record<string, unknown>)[decl.name.text];
  return value instanceof RegExp && ALL_PATTERNS.some((p) => p.re === value);
}

/** Every regex literal in the detectors' source files, with where it is. */
function regexLiterals(): { id: string; re: RegExp }[] {
  const out: { id: string; re: RegExp }[] = [];
  for (const abs of SOURCE_FILES) {
    const file = path.basename(abs);
    const text = readFileSync(abs, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node) => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText(source);
        const slash = literal.lastIndexOf('/');
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        out.push({ id: `${file}:${line}`, re: new RegExp(literal.slice(1, slash), literal.slice(slash + 1)) });
      }
      // `new RegExp(X.source, …)` re-flags a pattern checked as a literal, and an exported regex built from parts is
      // checked whole when ALL_PATTERNS lists it; anything else built at run time is refused.
      const reflagged = (n: ts.NewExpression) => n.arguments?.[0] !== undefined && ts.isPropertyAccessExpression(n.arguments[0]) && n.arguments[0].name.text === 'source';
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp' && !reflagged(node) && !listedExport(abs, node)) {
        out.push({ id: `${file}: new RegExp (built at run time: not allowed)`, re: /(a+)+$/ });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out;
}

describe('secret detector regexes: no catastrophic backtracking (recheck)', function () {
  // recheck's fuzzing takes a few seconds for patterns with bounded repetitions.
  this.timeout(20 * 60 * 1000);

  it('lists every pattern once, by id', () => {
    const ids = ALL_PATTERNS.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate ids');
    assert.ok(ALL_PATTERNS.length >= 40, `only ${ALL_PATTERNS.length} patterns listed`);
  });

  it('recheck rates every pattern safe: ALL_PATTERNS and every regex literal of secret detection', () => {
    const seen = new Set<string>();
    const all = [...ALL_PATTERNS, ...regexLiterals()].filter(({ re }) => {
      const key = `/${re.source}/${re.flags}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const notSafe: string[] = [];
    for (const { id, re } of all) {
      const diagnostics = checkSync(re.source, re.flags, { timeout: 60_000 });
      if (diagnostics.status !== 'safe') {
        const detail = diagnostics.status === 'vulnerable' ? `${diagnostics.complexity.type}, attack ${diagnostics.attack.pattern}` : JSON.stringify(diagnostics.error);
        notSafe.push(`${id} /${re.source}/${re.flags}: ${diagnostics.status} (${detail})`);
      }
    }
    console.log(`      recheck: ${all.length} distinct regexes checked, ${all.length - notSafe.length} safe`);
    assert.deepEqual(notSafe, []);
  });
});
