/**
 * Masking: a preview shows nothing of a value but the public prefix of its
 * format (at most 4 characters), whatever the value, and every hit the
 * detectors return on the corpus carries such a preview.
 */
import { strict as assert } from 'node:assert';
import { randomBytes, randomInt } from 'node:crypto';
import * as path from 'node:path';
import { judgeAssignment, KNOWN_PREFIXES, maskPreview, scanText } from '../../../src/engine/knowledge/secrets/detect';
import { readCorpus } from '../../../src/engine/knowledge/secrets/evaluate';
import type { SecretHit } from '../../../src/engine/knowledge/secrets/types';
import { UNIT_SRC } from '../helpers';

/** The characters of `value` a preview shows: what is left once the ellipsis is taken off; it must be a prefix of at most 4. */
function assertMasked(preview: string, value: string, where: string): void {
  assert.ok(preview.endsWith('…'), `${where}: preview without an ellipsis`);
  const shown = preview.slice(0, -1);
  assert.ok(shown.length <= 4, `${where}: preview shows ${shown.length} characters`);
  assert.ok(value.startsWith(shown), `${where}: preview is not a prefix of the value`);
  assert.ok(shown === '' || KNOWN_PREFIXES.some((p) => p.startsWith(shown)), `${where}: preview shows characters that are not a format's prefix`);
  if (value.length > 0) assert.ok(shown.length < value.length, `${where}: preview shows the whole value`);
}

describe('masked previews', () => {
  it('show at most 4 leading characters of any value, with any kind', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-.:~!@#$%';
    const prefixes = ['', 'AKIA', 'ghp_', 'github_pat_', 'xoxb-', 'sk-', 'sk-proj-', 'sk_live_', 'npg_', 'eyJ', 'SG.', '-----BEGIN ', 'hvs.', 'dapi'];
    for (let i = 0; i < 2000; i++) {
      const body = Array.from(randomBytes(randomInt(0, 80)), (b) => alphabet[b % alphabet.length]).join('');
      const value = prefixes[i % prefixes.length] + body;
      for (const kind of [undefined, 'password', 'GitHub token', 'private key']) assertMasked(maskPreview(value, kind), value, JSON.stringify(kind));
    }
  });

  it('every hit on the corpus has a masked preview of its own value', () => {
    const cases = readCorpus(path.resolve(UNIT_SRC, '../corpus/secrets'), { recursive: true });
    let checked = 0;
    for (const c of cases) {
      const hits: SecretHit[] = c.name === '' ? scanText(c.text, c.context) : [judgeAssignment(c.name, c.text, c.context)].filter((h): h is SecretHit => h !== undefined);
      for (const h of hits) {
        assert.ok(h.start >= 0 && h.end <= c.text.length && h.start < h.end, `${c.file}:${c.line}: offsets`);
        assertMasked(h.preview, c.text.slice(h.start, h.end), `${c.file}:${c.line}`);
        checked++;
      }
    }
    assert.ok(checked > 150, `${checked} hits checked`);
  });
});
