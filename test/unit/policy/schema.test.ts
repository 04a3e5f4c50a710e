import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { configSchema } from '../../../src/engine/policy/schema';
import { RULES } from '../../../src/engine/rules';
import { UNIT_SRC } from '../helpers';

const REPO = path.resolve(UNIT_SRC, '../..');

describe('.astro-sr.yaml schema', () => {
  it('resources/astro-sr.schema.json is the schema made from the registry (npm run schema)', () => {
    assert.deepEqual(JSON.parse(readFileSync(path.join(REPO, 'resources/astro-sr.schema.json'), 'utf8')), configSchema());
  });

  it('knows every rule by id and name, and the options of ASR102 and ASR301', () => {
    const rules = (configSchema().properties as Record<string, { properties: Record<string, { anyOf?: { properties?: Record<string, unknown> }[] }> }>).rules.properties;
    for (const r of RULES) {
      assert.ok(rules[r.id], r.id);
      assert.ok(rules[r.name], r.name);
    }
    assert.ok(rules.ASR102.anyOf![1].properties!['warning-days']);
    assert.ok(rules.ASR301.anyOf![1].properties!['pin-operator']);
  });

  it('package.json hands it to VS Code for .astro-sr.yaml', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.yamlValidation, [{ fileMatch: ['.astro-sr.yaml'], url: './resources/astro-sr.schema.json' }]);
  });
});
