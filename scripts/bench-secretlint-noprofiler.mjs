// Loaded with `node --import` by scripts/bench-tools.mjs for the second secretlint
// row: makes secretlint's always-on profiler a no-op, which is what upstream's fix
// does (secretlint PR #1673, "enable profiling only when --profile is specified",
// for issues #1633 and #1653). Its observer scans every earlier mark on each mark,
// O(n²) in the number of files; the fix shipped in secretlint 13, which needs
// Node 22, so the version that runs on Node 20 (12.0.0) still has it. The findings
// are the same: the profiler only measures.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const rel of ['node_modules/secretlint/node_modules/@secretlint/profiler/module/node.js', 'node_modules/@secretlint/profiler/module/node.js']) {
  const file = join(repo, rel);
  if (!existsSync(file)) continue;
  const { secretLintProfiler } = await import(pathToFileURL(file).href);
  secretLintProfiler.mark = () => {};
}
