/**
 * The JSON schema of `.astro-sr.yaml`, made from the rule registry so that
 * completion in VS Code (package.json `yamlValidation`) knows every rule id,
 * name and option. resources/astro-sr.schema.json is this, written by
 * `npm run schema`; a unit test keeps the two equal.
 */
import { RULES } from '../rules';
import { SEVERITY_CHOICES } from '../files/config';

export function configSchema(): Record<string, unknown> {
  const severity = { type: 'string', enum: [...SEVERITY_CHOICES] };
  const rules: Record<string, unknown> = {};
  for (const r of RULES) {
    const options: Record<string, unknown> = { severity: { ...severity, description: `The severity of ${r.id}; \`off\` turns it off.` } };
    for (const o of r.options ?? []) {
      options[o.name] =
        'integer' in o.type
          ? { type: 'integer', minimum: o.type.integer.minimum, description: o.description }
          : 'pattern' in o.type
            ? { type: 'string', format: 'regex', minLength: 1, maxLength: o.type.pattern.maxLength, description: o.description }
            : { type: 'string', enum: [...o.type.values], description: o.description };
    }
    rules[r.id] = { description: `${r.id} ${r.name}: ${r.summary}`, anyOf: [severity, { type: 'object', additionalProperties: false, properties: options }] };
    rules[r.name] = { $ref: `#/properties/rules/properties/${r.id}` };
  }
  const ids = RULES.flatMap((r) => [r.id, r.name]);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Astro Shared Responsibility: .astro-sr.yaml',
    description: 'How astro-sr and the VS Code extension check the Astro projects in this folder. The file nearest to a project wins key by key; the `ignore` patterns and accepted findings of every file count.',
    type: 'object',
    additionalProperties: false,
    properties: {
      rules: { description: 'Severity per rule id or name (`off` included), or a mapping with `severity` and the options of the rule.', type: 'object', additionalProperties: false, properties: rules },
      ignore: { description: "Paths never checked: gitignore patterns, relative to this file's folder.", type: 'array', items: { type: 'string', minLength: 1 } },
      'ignore-findings': {
        description: "Findings accepted on purpose: a rule, a path pattern, optionally text of the finding's line, and why.",
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['rule', 'reason'],
          properties: {
            rule: { type: 'string', enum: ids, description: 'A rule id or name.' },
            path: { type: 'string', description: "A gitignore pattern relative to this file's folder; every file when absent." },
            line: { type: 'string', description: "Text the finding's first line must contain." },
            reason: { type: 'string', minLength: 1, description: 'Why the finding is accepted, for whoever reads it next.' },
          },
        },
      },
      'inline-ignores': { type: 'boolean', description: '`false`: `astro-sr: ignore` comments suppress nothing and are reported (ASR002).' },
      'runtime-catalog': { type: 'string', minLength: 1, description: "A Runtime catalog file (the feed's format), relative to this file: the same as `--catalog`." },
      network: { type: 'string', enum: ['online', 'offline'], description: '`offline`: no network, the same as `--offline`.' },
    },
  };
}
