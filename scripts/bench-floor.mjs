#!/usr/bin/env node
// The floor for any Node secret scanner, for `npm run bench`: walks the tree,
// reads every file and tests one combined regular expression (the known-format
// patterns of scripts/bench-patterns.mjs) on each line. Nothing else: no
// parsing, no rules, no output beyond one JSON line of counts.
// Usage: node scripts/bench-floor.mjs DIR
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMBINED } from './bench-patterns.mjs';

const root = process.argv[2];
if (!root) {
  process.stderr.write('usage: node scripts/bench-floor.mjs DIR\n');
  process.exit(2);
}

let files = 0;
let bytes = 0;
let lines = 0;
let matches = 0;
const stack = [root];
while (stack.length > 0) {
  const dir = stack.pop();
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      stack.push(path);
    } else if (e.isFile()) {
      const text = readFileSync(path, 'utf8');
      files++;
      bytes += text.length;
      for (const line of text.split('\n')) {
        lines++;
        if (COMBINED.test(line)) matches++;
      }
    }
  }
}
process.stdout.write(`${JSON.stringify({ files, bytes, lines, matches })}\n`);
