/**
 * Secret detection: the shapes shared by the detectors (detect.ts) and the
 * file scanners and rules that use them. A detected value is never kept in
 * a message, a log or an output: only its kind and a short masked preview.
 */

/** Where a value was found; detectors weigh names and values differently per context. */
export type SecretContext = 'dockerfile' | 'env' | 'yaml' | 'requirements' | 'python' | 'json' | 'text';

export interface SecretHit {
  /** What it is, for people: `AWS secret access key`, `GitHub token`, `password`, `private key`. */
  kind: string;
  /** Which rule family it belongs to beyond the file rule: Astro API tokens (ASR207) and private keys (ASR206). */
  special?: 'astro-token' | 'private-key';
  /** Offsets of the secret value in the text given to the detector (start inclusive, end exclusive). */
  start: number;
  end: number;
  /** A masked preview: at most a few leading characters and an ellipsis, e.g. `AKIA…`. Never the value. */
  preview: string;
  /** The name the value is given to, when the text says. */
  name?: string;
}
