// Refreshes resources/runtime-catalog.json (the bundled Runtime catalog) from
// Astronomer's live Runtime versions feed. Needs the network; honours HTTPS_PROXY.
// Usage: npm run catalog:refresh [-- --url URL]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { fetchText, RUNTIME_FEED_URL } = require('../out/src/engine/knowledge/runtime/feed.js');
const { catalogFromFeed } = require('../out/src/engine/knowledge/runtime/catalog.js');

const { values } = parseArgs({ options: { url: { type: 'string', default: RUNTIME_FEED_URL }, out: { type: 'string', default: 'resources/runtime-catalog.json' } } });
const today = new Date().toISOString().slice(0, 10);
let text;
try {
  text = await fetchText(values.url, 15000);
} catch (err) {
  console.error(`Could not fetch ${values.url}: ${err.message}. The bundled catalog is unchanged.`);
  process.exit(1);
}
const feed = JSON.parse(text);
const catalog = catalogFromFeed(feed, { source: 'online', asOf: today });
feed['x-snapshot'] = { assembled: today, about: `A copy of ${values.url} taken on ${today}.` };
writeFileSync(values.out, `${JSON.stringify(feed, null, 1)}\n`);
console.log(`Wrote ${values.out}: ${catalog.size} Runtime releases as of ${today}.`);
