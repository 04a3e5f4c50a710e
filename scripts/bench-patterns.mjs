// The known-format secret patterns the benchmark gives ripgrep and the plain
// Node floor (scripts/bench-floor.mjs): one list, written in the syntax both
// JavaScript and Rust's regex crate accept (no look-around, no back-references),
// so that the two search for exactly the same thing.
export const KNOWN_FORMAT_PATTERNS = [
  '(?:AKIA|ASIA)[0-9A-Z]{16}', // AWS access key id
  'gh[pousr]_[A-Za-z0-9]{36}', // GitHub token
  'github_pat_[A-Za-z0-9_]{82}', // GitHub fine-grained token
  'glpat-[0-9A-Za-z_-]{20}', // GitLab token
  'xox[baprs]-[0-9A-Za-z-]{10,}', // Slack token
  '-----BEGIN [A-Z ]*PRIVATE KEY-----', // PEM private key
  'AIza[0-9A-Za-z_-]{35}', // Google API key
  '[rs]k_live_[0-9A-Za-z]{24,}', // Stripe live key
  'npm_[A-Za-z0-9]{36}', // npm token
  'hf_[A-Za-z0-9]{34}', // Hugging Face token
  'sk-(?:ant|proj)-[A-Za-z0-9_-]{20,}', // Anthropic / OpenAI key
  'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}', // SendGrid key
  'dapi[0-9a-f]{32}', // Databricks token
  'eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}', // JWT (Astro API tokens are JWTs)
  '[a-z][a-z0-9+.-]*://[^:@/\\s]+:[^@/\\s]+@', // credentials in a URL
];

/** The patterns as one alternation, for the floor's one test per line. */
export const COMBINED = new RegExp(KNOWN_FORMAT_PATTERNS.map((p) => `(?:${p})`).join('|'));
