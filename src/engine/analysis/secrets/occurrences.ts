/**
 * The credentials of a project, found once per check: each file is scanned
 * by its type's scanner (its result kept with the file, so an unchanged file
 * is not scanned again), and each hit is sorted into the rule that reports
 * it: the file's own rule (Dockerfile, env file, airflow_settings.yaml,
 * Deployment file, Python, requirements, any other file), or the more
 * specific ASR206 (private keys) and ASR207 (Astro API tokens), which win
 * over the file's rule for the same secret. Values never leave the
 * scanners: only offsets, kinds and masked previews.
 */
import { composeServiceNames } from '../../files/compose';
import { copiedIntoImage, installsModel } from '../../files/dockerfile/installs';
import { DockerIgnore, GitIgnores } from '../../files/ignore';
import { isExampleEnvFile, isPipelineCode } from '../../files/kinds';
import type { SourceFile } from '../../files/source';
import { joinPath } from '../../fs/fs';
import { isOnDeveloperMachine } from '../../knowledge/hosts';
import { mightHoldSecret } from '../../knowledge/secrets/detect';
import { projectNames, relToProject, type AstroProject } from '../../project/model';
import type { Fix, Range, ReadProblem } from '../../types';
import { scanDockerfile } from './dockerfile';
import { scanEnvFile } from './env';
import { merge, type FileScan, type Found } from './found';
import { scanPythonFile } from './python';
import { scanRequirementFile } from './requirements';
import { scanOtherFile } from './text';
import { scanSettings, scanYaml } from './yaml';

/** The rules whose findings are a credential's value: their range covers it. */
export const SECRET_RULE_IDS = ['ASR201', 'ASR202', 'ASR203', 'ASR204', 'ASR205', 'ASR206', 'ASR207', 'ASR209', 'ASR210'] as const;
export type SecretRuleId = (typeof SECRET_RULE_IDS)[number];

/** Whether a file would leave the developer's machine. */
export interface Exposure {
  /** Not excluded by .gitignore: it would be committed. */
  committed: boolean;
  /** Not excluded by .dockerignore while the build copies the project: it would be in the image. */
  inImage: boolean;
}

/** One credential at one place of one file. */
export interface SecretOccurrence {
  rule: SecretRuleId;
  /** Relative to the checked root. */
  file: string;
  range: Range;
  /** What it is: `password`, `AWS secret access key`, … */
  kind: string;
  /** Masked: a known format's public prefix at most. */
  preview: string;
  /** Where it is written, for people: ``ENV `DB_PASSWORD` ``, `` `conn_password` of connection `warehouse` ``. Never holds the value. */
  where: string;
  exposure: Exposure;
  /** An example env file (`.env.example`): written to be committed. */
  example?: boolean;
  /** ASR209: a sensitive variable marked `is_secret: false` (no value needed). */
  notMarkedSecret?: boolean;
  fixes?: Fix[];
}

export interface ProjectSecrets {
  occurrences: SecretOccurrence[];
  /** What could not be read while scanning (a YAML file that does not parse, …). */
  problems: ReadProblem[];
  /** Whether a project file (relative to the project folder) would be committed or copied into the image. */
  exposureOf(rel: string, isDir?: boolean): Exposure;
}

/** One file's hits, merged so that each secret is found once; made once per file. */
export function scanSource(file: SourceFile): FileScan {
  if (!mightHoldSecret(file.text)) return { found: [], problems: [] };
  const scan = scanByKind(file);
  return { found: merge(scan.found), problems: scan.problems };
}

function scanByKind(file: SourceFile): FileScan {
  switch (file.kind) {
    case 'dockerfile':
      return scanDockerfile(file);
    case 'env':
      return scanEnvFile(file);
    case 'settings':
      return scanSettings(file);
    case 'yaml':
      return scanYaml(file);
    case 'python':
      return scanPythonFile(file);
    default:
      return scanOtherFile(file);
  }
}

function ruleFor(file: SourceFile, f: Found): SecretRuleId {
  if (f.special === 'private-key') return 'ASR206';
  if (f.special === 'astro-token') return 'ASR207';
  switch (file.kind) {
    case 'dockerfile':
      return 'ASR201';
    case 'env':
      return 'ASR202';
    case 'settings':
      return 'ASR203';
    case 'yaml':
      // A YAML file that is not a Deployment file is any other project file.
      return f.plainFile ? 'ASR210' : 'ASR209';
    case 'python':
      return isPipelineCode(file.rel) ? 'ASR205' : 'ASR210';
    default:
      return 'ASR210';
  }
}


const memo = new WeakMap<object, ProjectSecrets>();

/** The project's credentials (its files must be loaded), found once per loading. */
export function secretsOf(project: AstroProject): ProjectSecrets {
  const files = project.files;
  if (!files) return { occurrences: [], problems: [], exposureOf: () => ({ committed: true, inImage: true }) };
  const known = memo.get(files);
  if (known) return known;
  const gitignores = new GitIgnores();
  for (const g of files.gitignores) gitignores.add(g);
  const docker = new DockerIgnore(files.dockerignore.text);
  const copies = copiedIntoImage(project.dockerfile, project.dockerfileFile.model(installsModel));
  const root = project.root;
  const exposureOf = (rel: string, isDir = false): Exposure => ({
    committed: !gitignores.ignores(joinPath(root, rel) + (isDir ? '/' : '')),
    inImage: copies(rel) && !docker.ignores(rel),
  });

  const occurrences: SecretOccurrence[] = [];
  const problems: ReadProblem[] = [];
  const services = composeServiceNames([...files.sources, ...files.context]);
  // A credential of something on the developer's own machine (localhost, a Compose service, a service's own set-up
  // password) guards nothing of value, and the same value written anywhere else in the project is that credential too.
  const local = (f: Found) => f.local === true || (f.host !== undefined && isOnDeveloperMachine(f.host, services));
  const localValues = new Set<string>(projectNames(project));
  const scans = files.sources.map((file) => ({ file, scan: file.model(scanSource) }));
  for (const { file, scan } of [...scans, ...files.context.map((file) => ({ file, scan: file.model(scanSource) }))]) {
    for (const f of scan.found) if (local(f)) localValues.add(file.text.slice(f.start, f.end));
  }
  const isLocal = (f: Found, text: string) => local(f) || localValues.has(text.slice(f.start, f.end));
  for (const { file, scan } of scans) {
    for (const message of scan.problems) problems.push({ file: file.path, message });
    const found = scan.found.filter((f) => !isLocal(f, file.text));
    if (found.length === 0) continue;
    const example = file.kind === 'env' && isExampleEnvFile(file.rel);
    const exposure = example ? { committed: true, inImage: exposureOf(file.rel).inImage } : exposureOf(file.rel);
    for (const f of found) {
      occurrences.push({
        rule: ruleFor(file, f),
        file: file.path,
        range: file.lines.rangeOf(f.start, f.end),
        kind: f.kind,
        preview: f.preview,
        where: f.where,
        exposure,
        example: example || undefined,
        notMarkedSecret: f.notMarkedSecret,
        fixes: f.fixes?.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, file: file.path })) })),
      });
    }
  }
  for (const file of project.requirements?.files ?? []) {
    const exposure = exposureOf(relToProject(project, file.path));
    for (const { found: f, range } of scanRequirementFile(file)) {
      occurrences.push({ rule: f.special === 'astro-token' ? 'ASR207' : f.special === 'private-key' ? 'ASR206' : 'ASR204', file: file.path, range, kind: f.kind, preview: f.preview, where: f.where, exposure });
    }
  }
  const result = { occurrences, problems, exposureOf };
  memo.set(files, result);
  return result;
}
