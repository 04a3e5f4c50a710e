import type { SetupRule } from './rule';

/** An inline ignore in a project whose configuration says `inline-ignores: false`. Made by policy/suppress.ts. */
export const inlineIgnoreForbidden: SetupRule = {
  meta: {
    id: 'ASR002',
    name: 'inline-ignore-forbidden',
    responsibility: 'tool',
    defaultSeverity: 'error',
    summary: 'An `astro-sr: ignore` comment where the configuration file allows no inline ignores.',
    instead: 'Fix what the finding reports, or ask whoever owns `.astro-sr.yaml` to accept it there, under `ignore-findings:` with a reason.',
  },
};
