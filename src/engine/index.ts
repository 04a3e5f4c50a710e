/** The engine's public surface, for the CLI and the extension. */
export * from './types';
export * from './fs';
export * from './check';
export * from './project';
export * from './product';
export * from './responsibilities';
export { RULES, ruleById, IMAGE_RULES } from './rules';
export type { RuleMeta, ImageSubject, CheckContext } from './rules/rule';
export { RuntimeCatalog, catalogFromFeed, isInstallable, type RuntimeRelease, type CatalogInfo, type CatalogSource } from './runtime/catalog';
export { lifecycleOf } from './runtime/lifecycle';
export { upgradeTargets } from './runtime/upgrade';
export { parseDockerfile, finalImage, type FromImage, type DockerfileModel } from './dockerfile/parse';
export { LineIndex } from './text';
export { describeRuntimeImage, type RuntimeImageFacts } from './runtime/describe';
export { loadCatalog, bundledCatalog, RUNTIME_FEED_URL, type CatalogLoadOptions } from './catalog/load';
