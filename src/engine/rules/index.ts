/** The rule registry: every rule, in the order their verdicts win ties. */
import { runtimeOutdated } from './ASR101-runtime-outdated';
import { runtimeEndOfSupport } from './ASR102-runtime-end-of-support';
import { runtimeYanked } from './ASR103-runtime-yanked';
import { runtimeUnpinned } from './ASR104-runtime-unpinned';
import { runtimeUnknownVersion } from './ASR105-runtime-unknown-version';
import { runtimeLegacyImage } from './ASR106-runtime-legacy-image';
import { notAstroRuntime } from './ASR107-not-astro-runtime';
import { requirementUnpinned } from './ASR301-requirement-unpinned';
import { requirementVcsUnpinned } from './ASR302-requirement-vcs-unpinned';
import { airflowReinstalled } from './ASR303-airflow-reinstalled';
import { requirementInsecureSource } from './ASR304-requirement-insecure-source';
import { requirementDuplicate } from './ASR305-requirement-duplicate';
import { requirementVulnerable } from './ASR306-requirement-vulnerable';
import { requirementInvalid } from './ASR307-requirement-invalid';
import { packageUnpinned } from './ASR308-package-unpinned';
import { secretInDockerfile } from './ASR201-secret-in-dockerfile';
import { secretInEnvFile } from './ASR202-secret-in-env-file';
import { secretInAirflowSettings } from './ASR203-secret-in-airflow-settings';
import { secretInRequirements } from './ASR204-secret-in-requirements';
import { secretInPython } from './ASR205-secret-in-python';
import { privateKey } from './ASR206-private-key';
import { astroApiToken } from './ASR207-astro-api-token';
import { secretFileExposed } from './ASR208-secret-file-exposed';
import { secretInDeploymentFile } from './ASR209-secret-in-deployment-file';
import { secretInProjectFile } from './ASR210-secret-in-project-file';
import { connectionCleartextHttp } from './ASR401-connection-cleartext-http';
import { connectionTlsVerificationOff } from './ASR402-connection-tls-verification-off';
import { connectionTlsDisabled } from './ASR403-connection-tls-disabled';
import { sshHostKeyUnchecked } from './ASR404-ssh-host-key-unchecked';
import { tlsVerificationOffInCode } from './ASR405-tls-verification-off-in-code';
import { insecureDownloadInDockerfile } from './ASR406-insecure-download-in-dockerfile';
import { localEnvironmentExposed } from './ASR407-local-environment-exposed';
import { secretsBackendInsecure } from './ASR408-secrets-backend-insecure';
import { apiAuthDisabled } from './ASR501-api-auth-disabled';
import { unitTestMode } from './ASR502-unit-test-mode';
import { allUsersAdmin } from './ASR503-all-users-admin';
import { publicSigningKey } from './ASR504-public-signing-key';
import { authOverridden } from './ASR505-auth-overridden';
import { configExposed } from './ASR506-config-exposed';
import { sensitiveMaskingOff } from './ASR507-sensitive-masking-off';
import { testConnectionEnabled } from './ASR508-test-connection-enabled';
import { ciCdNotEnforced } from './ASR509-ci-cd-not-enforced';
import { apiTokenUnbounded } from './ASR510-api-token-unbounded';
import { dagAccessControlIgnored } from './ASR511-dag-access-control-ignored';
import { ignoreUnused } from './ASR001-ignore-unused';
import { inlineIgnoreForbidden } from './ASR002-inline-ignore-forbidden';
import { configurationInvalid } from './ASR003-configuration-invalid';
import type { ImageRule, ProjectRule, RuleMeta, SetupRule } from './rule';

/** Image rules; when two apply to one image with the same severity, the earlier wins. */
export const IMAGE_RULES: readonly ImageRule[] = [
  runtimeYanked,
  runtimeEndOfSupport,
  runtimeLegacyImage,
  runtimeUnpinned,
  runtimeUnknownVersion,
  runtimeOutdated,
  notAstroRuntime,
];

/** Rules over a project's other files, each finding on its own. */
export const PROJECT_RULES: readonly ProjectRule[] = [
  secretInDockerfile,
  secretInEnvFile,
  secretInAirflowSettings,
  secretInRequirements,
  secretInPython,
  privateKey,
  astroApiToken,
  secretFileExposed,
  secretInDeploymentFile,
  secretInProjectFile,
  requirementUnpinned,
  requirementVcsUnpinned,
  airflowReinstalled,
  requirementInsecureSource,
  requirementDuplicate,
  requirementVulnerable,
  requirementInvalid,
  packageUnpinned,
  connectionCleartextHttp,
  connectionTlsVerificationOff,
  connectionTlsDisabled,
  sshHostKeyUnchecked,
  tlsVerificationOffInCode,
  insecureDownloadInDockerfile,
  localEnvironmentExposed,
  secretsBackendInsecure,
  apiAuthDisabled,
  unitTestMode,
  allUsersAdmin,
  publicSigningKey,
  authOverridden,
  configExposed,
  sensitiveMaskingOff,
  testConnectionEnabled,
  ciCdNotEnforced,
  apiTokenUnbounded,
  dagAccessControlIgnored,
];

/** Rules about the check's own set-up, whose findings the engine makes while it applies the configuration and ignore comments. */
export const SETUP_RULES = { ignoreUnused, inlineIgnoreForbidden, configurationInvalid } satisfies Record<string, SetupRule>;

export const RULES: readonly RuleMeta[] = [...IMAGE_RULES, ...PROJECT_RULES, ...Object.values(SETUP_RULES)].map((r) => r.meta).sort((a, b) => (a.id < b.id ? -1 : 1));

/** A rule by id or name, in any case. */
export function ruleById(id: string): RuleMeta | undefined {
  return RULES.find((r) => r.id === id.toUpperCase() || r.name === id.toLowerCase());
}
