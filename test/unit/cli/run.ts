/** Runs `astro-sr` in this process, as the command line tests do. */
import { main } from '../../../src/cli/main';

export interface CliRun {
  code: number;
  /** What it wrote on standard output, lines joined. */
  out: string;
  err: string;
}

/** `astro-sr args…` with `env` as its environment (never the test process's), not on a terminal. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s), isTty: false, env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
