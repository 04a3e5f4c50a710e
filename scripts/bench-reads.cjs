// Loaded with `node --require` by scripts/bench-tools.mjs in one untimed run of
// `astro-sr check`: records the path of every file the process and its worker
// threads open (successful fs.openSync calls, which is how astro-sr's NodeFs reads), so that the
// benchmark can compare them with the files the floor reads. Each thread writes
// its paths, one a line, to `${ASR_BENCH_READS_FILE}.<thread id>` as it exits.
'use strict';
const fs = require('node:fs');
const { threadId } = require('node:worker_threads');
const file = process.env.ASR_BENCH_READS_FILE;
if (file) {
  const openSync = fs.openSync;
  const paths = [];
  fs.openSync = function recordedOpenSync(path, ...rest) {
    const fd = openSync.call(this, path, ...rest);
    paths.push(String(path));
    return fd;
  };
  process.on('exit', () => {
    const fd = openSync(`${file}.${threadId}`, 'w');
    try {
      fs.writeSync(fd, paths.length ? `${paths.join('\n')}\n` : '');
    } finally {
      fs.closeSync(fd);
    }
  });
}
