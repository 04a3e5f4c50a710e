// Loaded with `node --require` by scripts/bench-tools.mjs when GNU time is not
// available: writes this process's peak resident set size (KB) to the file
// named by ASR_BENCH_MAXRSS_FILE as it exits.
'use strict';
const file = process.env.ASR_BENCH_MAXRSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {
      // the measurement is lost, not the run
    }
  });
}
