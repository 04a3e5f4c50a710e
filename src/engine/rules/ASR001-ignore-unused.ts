import type { SetupRule } from './rule';

/**
 * An inline ignore that names a rule that does not exist, or that no longer
 * suppresses anything on its line. Made by policy/suppress.ts, which sees
 * every finding of the line.
 */
export const ignoreUnused: SetupRule = {
  meta: {
    id: 'ASR001',
    name: 'ignore-unused',
    responsibility: 'tool',
    defaultSeverity: 'hint',
    summary: 'An `astro-sr: ignore` comment names an unknown rule, or no longer suppresses any finding.',
    instead: 'Remove the rule from the comment, or the whole comment when it names no other rule: an ignore that suppresses nothing would silently hide the next real finding on that line.',
  },
};
