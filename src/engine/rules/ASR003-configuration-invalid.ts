import type { SetupRule } from './rule';

/** A key or value of `.astro-sr.yaml` the check cannot use; the rest of the file still counts. Made by policy/config.ts. */
export const configurationInvalid: SetupRule = {
  meta: {
    id: 'ASR003',
    name: 'configuration-invalid',
    responsibility: 'tool',
    defaultSeverity: 'error',
    summary: 'A key or value of `.astro-sr.yaml` that the check cannot use.',
    instead: 'Correct the key as the message says; `astro-sr check --print-config FILE` shows the configuration that applies to a file.',
  },
};
