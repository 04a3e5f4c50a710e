import { airflowMajorOf, airflowSettingsOf, literalValue, notReadNote, settingSeverity, settingsNamed, type AirflowSetting } from '../analysis/airflow/settings';
import { secretsOf } from '../analysis/secrets/occurrences';
import { ASTRO_CLI_LOCAL_FERNET_KEY, isPlaceholder, stripQuotes } from '../knowledge/secrets/placeholders';
import { projectNames } from '../project/model';
import type { Range } from '../types';
import type { FileVerdict, ProjectRule } from './rule';

/** Airflow 1.10's published default for `[webserver] secret_key`, still copied from old configuration files and charts. */
const AIRFLOW_EXAMPLE_SECRET_KEY = 'temporary_key';

/** Words, with separators and a few trailing digits at most: what a person types, and what a dictionary attack tries first (`airflow`, `my-secret-key2`). */
const DICTIONARY_LIKE = /^[A-Za-z]{1,16}(?:[-_. ][A-Za-z]{1,16}){0,3}[-_.]?\d{0,4}!?$/;

/** Shorter than this, any key is guessed by trying every value. */
const MIN_LENGTH = 12;

/** Why a signing secret can be guessed, for the message (never the value), or undefined. */
function guessable(value: string, names: readonly string[]): string | undefined {
  const v = stripQuotes(value.trim());
  if (v === AIRFLOW_EXAMPLE_SECRET_KEY) return "is Airflow's old published example value";
  if (names.some((n) => n.toLowerCase() === v.toLowerCase())) return "is the project's name, which the Astro CLI also writes into every local environment";
  if (isPlaceholder(v)) return 'is a placeholder';
  if (DICTIONARY_LIKE.test(v) && v.length <= 40) return 'is made of dictionary words';
  if (v.length < MIN_LENGTH) return `has fewer than ${MIN_LENGTH} characters`;
  return undefined;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

const WHAT: Record<string, string> = {
  'core.fernet_key': 'the Fernet key that encrypts connection passwords and variables in the metadata database',
  'api.secret_key': 'the secret key that signs UI sessions and the requests for task logs',
  'api_auth.jwt_secret': 'the secret that signs the API tokens of Airflow 3',
};

/**
 * In a deployed file: the Fernet key set to the Astro CLI's published local
 * key, or a session or token signing secret set to a value anyone can
 * guess. Never shows the value; a value a secret rule already reports is
 * left to it.
 */
export const publicSigningKey: ProjectRule = {
  meta: {
    id: 'ASR504',
    name: 'public-signing-key',
    responsibility: 'access',
    defaultSeverity: 'error',
    summary: 'A deployed file sets a Fernet key or signing secret that is public or guessable.',
    instead:
      'Remove the key from the Dockerfile and Deployment files: Astro generates a Fernet key and signing secrets for every Deployment. If you must set one, generate a random value (`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`, `openssl rand -base64 32`) and store it as a secret environment variable in Astro, never in a file.',
  },
  checkProject(project, ctx) {
    const major = airflowMajorOf(project, ctx.catalog);
    const names = projectNames(project);
    const settings = airflowSettingsOf(project).filter((s) => s.definition.reach === 'deployed');
    let reported: { file: string; range: Range }[] | undefined;
    const alreadyReported = (s: AirflowSetting) => (reported ??= secretsOf(project).occurrences).some((o) => o.file === s.definition.place.file.path && overlaps(o.range, s.range));
    const verdicts: FileVerdict[] = [];
    for (const setting of settingsNamed(settings, 'core.fernet_key', 'api.secret_key', 'api_auth.jwt_secret')) {
      const value = literalValue(setting);
      if (value === undefined) continue;
      const why = setting.id === 'core.fernet_key' ? (stripQuotes(value) === ASTRO_CLI_LOCAL_FERNET_KEY ? "is the Astro CLI's local Fernet key, published in its source and the same in every local environment" : undefined) : guessable(value, names);
      if (!why || alreadyReported(setting)) continue;
      const consequence =
        setting.id === 'core.fernet_key'
          ? 'anyone with a copy of the metadata database, or of a backup, can decrypt every connection and variable'
          : 'anyone who knows it can forge a signed session or token and act as any user, admin included';
      verdicts.push({
        file: setting.definition.place.file.path,
        range: setting.range,
        severity: settingSeverity(setting, 'error', major),
        message: `${setting.definition.where} sets ${WHAT[setting.id]} to a value that ${why}: ${consequence}. Remove it and let Astro set the Deployment's own key, or set a random value as a secret environment variable in Astro.${notReadNote(setting, major) ?? ''}`,
        brief: setting.id === 'core.fernet_key' ? 'public Fernet key' : 'guessable signing secret',
      });
    }
    return verdicts;
  },
};
