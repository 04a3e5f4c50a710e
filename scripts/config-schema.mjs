// Writes resources/astro-sr.schema.json from the rule registry (npm run schema, after tsc).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { configSchema } = require('../out/src/engine/policy/schema.js');
writeFileSync(new URL('../resources/astro-sr.schema.json', import.meta.url), `${JSON.stringify(configSchema(), null, 2)}\n`);
