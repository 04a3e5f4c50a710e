import { strict as assert } from 'node:assert';
import { pythonCandidates, scanPython as scanPythonFile } from '../../../src/engine/analysis/secrets/python';
import { logicalLineStarts } from '../../../src/engine/files/python';
import { SourceFile } from '../../../src/engine/files/source';
import { FAKE } from './project';

/** Scans a DAG's text (a new file each time, so nothing is shared between two scans). */
function scanPython(text: string, at?: readonly number[]) {
  return scanPythonFile(new SourceFile('dags/x.py', 'dags/x.py', 'python', text), at);
}

/** The text of each logical line, for readable assertions. */
function logicalLines(text: string): string[] {
  const starts = logicalLineStarts(text);
  return starts.map((s, k) => text.slice(s, k + 1 < starts.length ? starts[k + 1] : text.length));
}

describe('Python: only the statements that may hold a secret are parsed', () => {
  describe('logicalLineStarts', () => {
    it('joins lines inside brackets, triple-quoted strings and after a backslash', () => {
      const text = [
        'x = (1,',
        '     2)',
        'doc = """a (',
        'b"""',
        'y = 1 + \\',
        '    2',
        "s = ')'  # (",
        'z = 3',
      ].join('\n');
      assert.deepEqual(logicalLines(text), ['x = (1,\n     2)\n', 'doc = """a (\nb"""\n', 'y = 1 + \\\n    2\n', "s = ')'  # (\n", 'z = 3']);
    });

    it('ends an unterminated one-line string at its line, and survives an unbalanced closing bracket', () => {
      assert.deepEqual(logicalLines("a = 'oops\nb = 1)\nc = 2\n"), ["a = 'oops\n", 'b = 1)\n', 'c = 2\n']);
    });

    it('an unclosed bracket makes one statement of the rest: slower, never wrong', () => {
      assert.deepEqual(logicalLines('f(\na = 1\n'), ['f(\na = 1\n']);
    });
  });

  describe('scanPython with candidates finds what a whole-file parse finds', () => {
    const cases: Record<string, string> = {
      'an indented assignment in a DAG function': `def dag():\n    def task():\n        db_password = "${FAKE.password}"\n        return 1\n`,
      'a parameter default on a def line': `def connect(host, password="${FAKE.password}"):\n    return host\n`,
      'a keyword on a decorator': `@task(token="${FAKE.password}abc")\ndef t():\n    pass\n`,
      'a keyword in a call over several lines': `conn = Connection(\n    conn_id="db",\n    password="${FAKE.password}",\n)\n`,
      'a dict over several lines': `cfg = {\n    "host": "h",\n    "api_key": "${FAKE.password}Q7x",\n}\n`,
      'an elif line (parsed whole: it does not parse alone)': `if a:\n    pass\nelif password == "x":\n    pass\nelse:\n    token = "${FAKE.password}abc"\n`,
      'a URL with a password in a string': `URI = "postgresql://etl:${FAKE.password2}@db.internal:5432/w"\n`,
      'a look-alike inside a docstring (no finding)': `"""Example:\n\npassword = "${FAKE.password}"\n"""\nimport os\n`,
      'a literal wrapped in parentheses, as formatters write long lines': `client = Client(\n    api_key=(\n        "${FAKE.password}Q7x"\n    ),\n)\n`,
      'a statement after a backslash continuation': `x = 1 + \\\n    2; secret = "${FAKE.password}Zz9"\n`,
    };
    for (const [name, text] of Object.entries(cases)) {
      it(name, () => {
        const at = pythonCandidates(text);
        assert.ok(at.length > 0, 'no candidate');
        const found = scanPython(text, at);
        assert.equal(new Set(found.map((f) => f.start)).size, name.includes('no finding') ? 0 : 1);
        assert.deepEqual(found, scanPython(text));
      });
    }

    it('finds the secret at its exact offset and adds `import os` after the module header', () => {
      const text = `"""ETL."""\nimport logging\n\nlog = logging.getLogger(__name__)\n\n\ndef run():\n    api_token = "${FAKE.password}Q7x"\n`;
      const [found] = scanPython(text, pythonCandidates(text));
      const start = text.indexOf(FAKE.password);
      assert.deepEqual([found.start, found.end], [start, start + FAKE.password.length + 3]);
      const [importEdit, valueEdit] = found.fixes![0].edits;
      assert.deepEqual(importEdit.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } });
      assert.equal(importEdit.newText, 'import os\n');
      assert.equal(valueEdit.newText, 'os.environ["API_TOKEN"]');
      assert.deepEqual(valueEdit.range.start, { line: 7, character: 16 });
    });
  });
});
