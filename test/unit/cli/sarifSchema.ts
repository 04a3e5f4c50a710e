/**
 * Validates SARIF against the official SARIF 2.1.0 schema shipped with the
 * tests (test/fixtures/sarif/, never fetched). Every test that produces SARIF
 * runs its output through `assertValidSarif`.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';

/** The repository root (this file is compiled to OUT/test/unit/cli/). */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');
export const SARIF_SCHEMA_FILE = path.join(REPO_ROOT, 'test/fixtures/sarif/sarif-schema-2.1.0.json');

let validator: ValidateFunction | undefined;

/** The schema is JSON Schema draft-04 (the OASIS errata version), which Ajv reads through ajv-draft-04; its `uri`, `uri-reference` and `date-time` formats are checked too. */
function validate(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_FILE, 'utf8')) as object);
  }
  return validator;
}

/** Parses SARIF text (or takes a parsed log) and fails with every schema error listed when it does not validate. */
export function assertValidSarif(sarif: string | object): Sarif.Log {
  const log = (typeof sarif === 'string' ? JSON.parse(sarif) : sarif) as Sarif.Log;
  const check = validate();
  assert.ok(check(log), `SARIF does not validate against the SARIF 2.1.0 schema:\n${(check.errors ?? []).map((e) => `  ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('\n')}`);
  return log;
}
