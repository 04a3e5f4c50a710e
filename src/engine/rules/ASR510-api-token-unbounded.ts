import { shellCommands, type ShellOptions, type ShellWord } from '../files/shell';
import type { SourceFile } from '../files/source';
import type { FileVerdict, ProjectRule } from './rule';

const SHELL: ShellOptions = { flagLinesContinue: true };
const GROOVY: ShellOptions = { lineComment: '//', flagLinesContinue: true };
/** CI configuration files, by name anywhere or by path from the project folder. */
const CI_NAME = /^(?:\.gitlab-ci|bitbucket-pipelines|azure-pipelines[^/]*|cloudbuild|buildspec)\.ya?ml$/;
const CI_PATH = /^(?:\.github\/workflows\/[^/]+|\.github\/actions\/.+\/action|\.buildkite\/[^/]+|\.circleci\/config)\.ya?ml$/;

/** How a script or CI file is read, by its path relative to the project folder; undefined for other files (READMEs, code). */
function scriptKind(rel: string): ShellOptions | undefined {
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  const ext = name.slice(name.lastIndexOf('.') + 1);
  if (ext === 'sh' || ext === 'bash' || ext === 'mk' || name === 'Makefile' || name === 'makefile' || name === 'GNUmakefile') return SHELL;
  if (name.startsWith('Jenkinsfile') || ext.toLowerCase() === 'jenkinsfile') return GROOVY;
  if (ext !== 'yml' && ext !== 'yaml') return undefined;
  return CI_NAME.test(name) || CI_PATH.test(rel) ? SHELL : undefined;
}

/** Words after which a string is a command that runs: shells, `eval`, CI keys, a YAML list item. */
const RUNNERS = new Set(['sh', 'bash', 'zsh', 'dash', '-c', '-lc', '-ec', '-xc', 'eval', 'exec', 'pwsh', 'powershell', 'run:', 'script:', 'command:', 'cmd:', 'inlineScript:', '-']);

/** The scopes of `astro <scope> token create`, with the Astro CLI's aliases. */
const SCOPES: Record<string, 'Deployment' | 'Workspace' | 'Organization'> = {
  deployment: 'Deployment',
  deployments: 'Deployment',
  de: 'Deployment',
  workspace: 'Workspace',
  wo: 'Workspace',
  organization: 'Organization',
  org: 'Organization',
};

interface Hit {
  start: number;
  end: number;
  message: string;
  brief: string;
}

/** A script or CI job creates an Astro API token that never expires, or one with an owner role. */
export const apiTokenUnbounded: ProjectRule = {
  meta: {
    id: 'ASR510',
    name: 'api-token-unbounded',
    responsibility: 'access',
    defaultSeverity: 'warning',
    summary: 'A script or CI job creates an Astro API token that never expires (`astro … token create` without `--expiration`) or that holds an owner role.',
    instead:
      'Create tokens that end and can do little: `astro workspace token create --name "CI deploy" --role WORKSPACE_OPERATOR --expiration 30` (days), or a Deployment API token with `DEPLOYMENT_ADMIN` for a job that deploys one Deployment; keep the value in the CI system\'s secret store and rotate it (`astro … token rotate`) before it expires.',
  },
  checkProject(project) {
    const sources = project.files?.sources;
    if (!sources) return [];
    const verdicts: FileVerdict[] = [];
    for (const file of sources) {
      if (!scriptKind(file.rel)) continue;
      for (const hit of file.model(tokenCreateModel)) {
        verdicts.push({ file: file.path, range: file.lines.rangeOf(hit.start, hit.end), message: hit.message, brief: hit.brief });
      }
    }
    return verdicts;
  },
};

/** The `astro … token create` commands of one file and what is wrong with them, made once per file. */
function tokenCreateModel(file: SourceFile): Hit[] {
  const options = scriptKind(file.rel);
  if (!options || !/\bastro\b/.test(file.text)) return [];
  const text = file.text;
  const hits: Hit[] = [];
  const read = (from: number, to: number, opts: ShellOptions) => {
    for (const words of shellCommands(text, from, to, opts)) {
      hits.push(...commandHits(words, text));
      // A command held in a string that is run: `sh 'astro …'` in a Jenkinsfile, `- "astro …"` in YAML, `bash -c "astro …"`; not `echo "… astro …"`.
      let before: string | undefined;
      for (const w of words) {
        const q = text[w.start];
        const quoted = (q === '"' || q === "'") && w.end - w.start >= 2 && text[w.end - 1] === q;
        if (quoted && w.text === '') continue; // the `""` that opens a Groovy `"""` string
        if (quoted && (before === undefined || RUNNERS.has(before)) && /\bastro\b/.test(w.text) && /\bto(?:ken)?\b/.test(w.text)) read(w.start + 1, w.end - 1, { flagLinesContinue: true });
        before = w.text;
      }
    }
  };
  read(0, text.length, options);
  return hits.sort((a, b) => a.start - b.start);
}

function commandHits(words: ShellWord[], text: string): Hit[] {
  const i = words.findIndex((w, k) => /^[@+-]*(?:.*\/)?astro(?:\.exe)?$/.test(w.text) && SCOPES[words[k + 1]?.text] !== undefined && ['token', 'to'].includes(words[k + 2]?.text));
  if (i < 0) return [];
  const scope = SCOPES[words[i + 1].text];
  const token = words[i + 2];
  // `create` (or `cr`), after any flags of `token` (`--deployment-id <id>`).
  let c = i + 3;
  while (c < words.length && words[c].text.startsWith('-')) c += words[c].text.includes('=') ? 1 : 2;
  const create = words[c];
  if (!create || (create.text !== 'create' && create.text !== 'cr')) return [];
  const flags = words.slice(c + 1);
  const expiration = flagValue(flags, 'expiration', 'e');
  const role = flagValue(flags, 'role', 'r');
  const command = `astro ${words[i + 1].text} token create`;
  const hits: Hit[] = [];
  if (!expiration || /^0+$/.test(expiration.value)) {
    const written = expiration ? ` (\`${expiration.flag} ${expiration.value}\` means none)` : '';
    hits.push({
      start: token.start,
      end: create.end,
      message: `\`${command}\` without an expiration${written} makes a ${scope} API token that never expires: it keeps its role until someone rotates or deletes it, so a copy left in a CI log, a variable or a laptop keeps working. Add \`--expiration 30\` (days, 1 to 3650), give it the narrowest role that does the job, and rotate it before it ends.`,
      brief: 'API token without expiration',
    });
  }
  if (role && /_OWNER$/i.test(role.value)) {
    const whole = scope === 'Organization' || /^ORGANIZATION_/i.test(role.value) ? 'the whole Organization: every Workspace and Deployment, users, Teams, other API tokens, SSO and billing' : 'the Workspace: its Deployments, users, Teams and other API tokens';
    hits.push({
      start: role.start,
      end: role.end,
      message: `\`${role.value}\` gives this API token full control of ${whole}. A token that leaks from a script or CI job then lets its holder do all of that. Use the narrowest role that does the job: \`WORKSPACE_OPERATOR\` to deploy to a Workspace's Deployments, or a Deployment API token (\`DEPLOYMENT_ADMIN\`) for one Deployment.`,
      brief: 'API token with an owner role',
    });
  }
  return hits;
}

/** A flag's value as cobra reads it: `--name v`, `--name=v`, `-n v`, `-nv`, `-n=v`, with where the value is written. */
function flagValue(words: ShellWord[], long: string, short: string): { flag: string; value: string; start: number; end: number } | undefined {
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    const m = new RegExp(`^(--${long}|-${short})(=?)(.*)$`).exec(w.text);
    if (!m || (m[1] === `--${long}` && m[2] === '' && m[3] !== '')) continue;
    if (m[2] === '' && m[3] === '') {
      const v = words[k + 1];
      return v ? { flag: m[1], value: v.text, start: v.start, end: v.end } : { flag: m[1], value: '', start: w.start, end: w.end };
    }
    const offset = w.plain ? m[1].length + m[2].length : 0;
    return { flag: m[1], value: m[3], start: w.start + offset, end: w.end };
  }
  return undefined;
}
