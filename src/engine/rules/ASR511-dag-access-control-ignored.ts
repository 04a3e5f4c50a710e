import type { Tree } from '@lezer/common';
import { calleeOf, decoratorOf, parsePythonTree, parseStatementsAt } from '../files/python';
import type { SourceFile } from '../files/source';
import type { FileVerdict, ProjectRule } from './rule';

/** Python that defines DAGs on Astro: the DAG files, and the factories in include/ and plugins/ that build them. */
const DAG_CODE = /^(?:dags|include|plugins)\//;

/** A DAG that sets `access_control`, which Astro does not apply. */
export const dagAccessControlIgnored: ProjectRule = {
  meta: {
    id: 'ASR511',
    name: 'dag-access-control-ignored',
    responsibility: 'access',
    defaultSeverity: 'info',
    summary: "A DAG sets Airflow's `access_control`, which Astro does not apply: Astro's own roles decide who can see and run it.",
    instead:
      "Decide who can see and run the DAG in Astro: give people, Teams and API tokens the narrowest Workspace or Deployment role they need, put DAGs that need different audiences in different Deployments or Workspaces, or, where your plan has them, bind Astro's Dag roles to the DAG's tags or ID. Then remove `access_control` so the code does not promise a restriction nobody enforces.",
  },
  checkProject(project) {
    const sources = project.files?.sources;
    if (!sources) return [];
    const verdicts: FileVerdict[] = [];
    for (const file of sources) {
      if (file.kind !== 'python' || !DAG_CODE.test(file.rel)) continue;
      for (const hit of file.model(accessControlModel)) {
        verdicts.push({
          file: file.path,
          range: file.lines.rangeOf(hit.start, hit.end),
          message: `\`access_control\` of \`${hit.callee}(…)\` grants DAG permissions to Airflow roles, but Astro does not apply Airflow's DAG-level access control: Astro's Workspace and Deployment roles (and, where enabled, Dag roles bound in Astro) decide who can see, trigger and edit this DAG. The setting gives false assurance that access is restricted. Restrict access with Astro roles, and remove \`access_control\`.`,
          brief: 'access_control is not applied on Astro',
        });
      }
    }
    return verdicts;
  },
};

interface Hit {
  start: number;
  end: number;
  callee: string;
}

/** Where a file gives `access_control=` to a DAG, made once per file; only the statements holding the word are parsed. */
function accessControlModel(file: SourceFile): Hit[] {
  const at: number[] = [];
  for (let i = file.text.indexOf('access_control'); i >= 0; i = file.text.indexOf('access_control', i + 1)) at.push(i);
  if (at.length === 0) return [];
  // `from airflow.models import DAG as ModelDAG`: the names the file gives the DAG class and the decorator.
  const names = new Set(['DAG', 'dag']);
  for (const m of file.text.matchAll(/\b(?:DAG|dag)[ \t]+as[ \t]+([A-Za-z_]\w*)/g)) names.add(m[1]);
  const hits = new Map<number, Hit>();
  const statements = parseStatementsAt(file, at);
  if (statements) for (const { tree, source, from } of statements) walk(tree, source, from, file.text, names, hits);
  else walk(file.model(parsePythonTree), file.text, 0, file.text, names, hits);
  return [...hits.values()].sort((a, b) => a.start - b.start);
}

function walk(tree: Tree, source: string, base: number, text: string, names: ReadonlySet<string>, hits: Map<number, Hit>): void {
  tree.iterate({
    enter: (ref) => {
      const node = ref.node;
      if (node.name !== 'ArgList') return undefined;
      const decorator = decoratorOf(node, source);
      const callee = calleeOf(node, source) ?? (decorator && `@${decorator}`);
      if (!callee || !names.has(callee.slice(callee.lastIndexOf('.') + 1).replace(/^@/, ''))) return undefined;
      for (let c = node.firstChild; c; c = c.nextSibling) {
        const value = c.nextSibling?.name === 'AssignOp' ? c.nextSibling.nextSibling : null;
        if (c.name !== 'VariableName' || !value || source.slice(c.from, c.to) !== 'access_control') continue;
        // The keyword and its value when they are on one line; the keyword alone when the value spans lines.
        const start = base + c.from;
        const end = text.slice(start, base + value.to).includes('\n') ? base + c.to : base + value.to;
        hits.set(start, { start, end, callee });
      }
      return undefined;
    },
  });
}
