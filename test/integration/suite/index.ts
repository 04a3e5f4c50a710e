// Entry point that VS Code's extension host loads (extensionTestsPath). It runs
// the mocha suites of this folder inside the real extension host, under either
// host of test/integration/run.ts (@vscode/test-electron or the VS Code server).
//
// Environment (set by run.ts; all optional):
//   ASR_TEST_MODE=restricted  run only restricted.test.js (workspace not trusted);
//                             otherwise every other *.test.js file.
//   ASR_TEST_RESULTS=<file>   write {"passed","failed","pending"} there as JSON.
//   ASR_TEST_GREP=<regexp>    run only the tests whose full title matches.
import * as fs from 'fs';
import * as path from 'path';
import Mocha = require('mocha');

export const RESULT_MARKER = 'ASR-TEST-RESULTS ';

export function run(): Promise<void> {
  const restricted = process.env.ASR_TEST_MODE === 'restricted';
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  if (process.env.ASR_TEST_GREP) {
    mocha.grep(new RegExp(process.env.ASR_TEST_GREP));
  }
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .filter((f) => (f === 'restricted.test.js') === restricted)
    .sort();
  if (files.length === 0) {
    return Promise.reject(new Error(`no *.test.js files in ${__dirname}`));
  }
  for (const f of files) {
    mocha.addFile(path.join(__dirname, f));
  }

  return new Promise<void>((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    let pending = 0;
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failures) => {
        const counts = { passed, failed, pending, mode: restricted ? 'restricted' : 'trusted' };
        console.log(RESULT_MARKER + JSON.stringify(counts));
        if (process.env.ASR_TEST_RESULTS) {
          try {
            fs.writeFileSync(process.env.ASR_TEST_RESULTS, JSON.stringify(counts));
          } catch (err) {
            console.error(`could not write ${process.env.ASR_TEST_RESULTS}: ${String(err)}`);
          }
        }
        if (failures > 0 || passed === 0) {
          reject(new Error(`${failures} test(s) failed, ${passed} passed`));
        } else {
          resolve();
        }
      });
    } catch (err) {
      reject(err);
      return;
    }
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
    runner.on('pending', () => pending++);
  });
}
