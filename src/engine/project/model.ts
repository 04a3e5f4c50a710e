/**
 * What an Astro project is: a folder with a Dockerfile and either
 * `.astro/config.yaml` (what `astro dev init` creates) or a final build
 * stage on an Astronomer image, and the models of its files, each read and
 * parsed once. Pure types and helpers; reading is project/load.ts's job.
 */
import type { ConfigSource } from '../files/config';
import type { DockerfileModel, FromImage } from '../files/dockerfile/parse';
import type { PackagesFile, RequirementSet } from '../files/requirements/model';
import type { SourceFile } from '../files/source';
import { parseYamlFile } from '../files/yaml';
import { classifyImage, type ImageKind } from '../knowledge/runtime/image';

export interface AstroProject {
  /** The project folder, relative to the checked root ('' for the root itself). */
  root: string;
  dockerfilePath: string;
  /** The Dockerfile as read; `dockerfile` is its model. */
  dockerfileFile: SourceFile;
  dockerfile: DockerfileModel;
  hasAstroConfig: boolean;
  /** The stage whose image is the project's image. */
  final?: FromImage;
  /** What pip installs into the image, when the project installs requirement files. */
  requirements?: RequirementSet;
  /** packages.txt, when the image installs it. */
  packages?: PackagesFile;
  /** The project's other files, once they are loaded (project/load.ts). */
  files?: ProjectFiles;
}

/** The project's files besides what `requirements` holds. */
export interface ProjectFiles {
  /**
   * Every text file of the project, read once, by path: the Dockerfile,
   * configuration, code, scripts, docs, packages.txt. Not the requirement
   * files of `requirements`, not .gitignore or the project's .dockerignore,
   * not files of nested projects, dependency folders or virtual environments.
   */
  sources: SourceFile[];
  /** The project's `.env` (file or folder) and `airflow_settings.yaml`, when present, relative to the project folder. */
  localOnly: { rel: string; isDir: boolean }[];
  /** Every .gitignore from the checked root down to the project's deepest folders, outermost first. */
  gitignores: { path: string; text: string }[];
  /** The project folder's own ignore files: their path, and their text when they exist. */
  gitignore: { path: string; text?: string };
  dockerignore: { path: string; text?: string };
  /** Files above the project that say something about it: the Docker Compose files of the folders holding it (a stack the project runs in). */
  context: SourceFile[];
  /** The check's configuration files that apply to the project, outermost first (project/load.ts). */
  configs: ConfigSource[];
}

/** What kind of image a build stage starts from. */
export function imageKindOf(stage: FromImage | undefined): ImageKind {
  return stage ? classifyImage(stage.registry, stage.path) : { kind: 'other' };
}

/** Path relative to the project folder of a path relative to the checked root. */
export function relToProject(project: Pick<AstroProject, 'root'>, path: string): string {
  return project.root === '' ? path : path.slice(project.root.length + 1);
}

/**
 * The project's names (`.astro/config.yaml`'s `project.name`, the folder's
 * name): the Astro CLI writes the project's name where its local Compose
 * file wants a secret (the webserver's secret key), so it is no credential.
 */
export function projectNames(project: AstroProject): string[] {
  const names = [project.root.slice(project.root.lastIndexOf('/') + 1)].filter((n) => n.length > 0);
  const config = project.files?.sources.find((s) => s.rel === '.astro/config.yaml');
  const doc = config?.model(parseYamlFile).doc;
  const name = doc?.getIn(['project', 'name']);
  if (typeof name === 'string' && name.length > 0) names.push(name);
  return names;
}
