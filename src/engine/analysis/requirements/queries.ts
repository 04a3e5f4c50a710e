import type { PackageQuery } from '../../knowledge/packages/intel';
import type { AstroProject } from '../../project/model';

/** The packages whose advisories and newest versions the rules may use: every named requirement, with the version `==`/`===` pins. */
export function packageQueries(project: AstroProject): PackageQuery[] {
  const seen = new Set<string>();
  const out: PackageQuery[] = [];
  for (const file of project.requirements?.files ?? []) {
    for (const req of file.requirements) {
      if (!req.normalizedName) continue;
      const query: PackageQuery = req.pinnedVersion ? { name: req.normalizedName, version: req.pinnedVersion } : { name: req.normalizedName };
      const key = `${query.name}@${query.version ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(query);
    }
  }
  return out;
}
