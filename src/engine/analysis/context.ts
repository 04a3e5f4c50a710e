/** What every rule is given besides the project: the Runtime catalog, the date, package intel and the user's choices. */
import type { PackageIntel } from '../knowledge/packages/intel';
import type { RuntimeCatalog } from '../knowledge/runtime/catalog';

export type PinOperator = '==' | '~=';

export interface CheckContext {
  catalog: RuntimeCatalog;
  /** The date lifecycle rules judge against (YYYY-MM-DD). */
  today: string;
  /** How many days before an end-of-maintenance or end-of-support date to warn. */
  warningDays: number;
  /** What is known about Python packages (advisories, newest versions), when it was gathered. */
  intel?: PackageIntel;
  /** The operator fixes write when they pin a Python requirement. */
  pinOperator: PinOperator;
  /** ASR509: a regular expression (matched ignoring case) for the names and descriptions of production Deployments, when the configuration sets one. */
  productionPattern?: string;
}
