import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One import of one file under src/: `from` and `to` are paths relative to the repository root. */
export interface ImportEdge {
  from: string;
  to: string;
}

/** Every .ts/.js file below `dir` (relative to `root`), sorted. */
export function sourceFiles(root: string, dir = 'src'): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(path.join(root, d), { withFileTypes: true })) {
      const p = `${d}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * The relative imports of every source file (static, type-only, re-exports and dynamic
 * `import('...')` with a literal path), resolved to repository paths. Package imports are left out.
 */
export function importEdges(root: string, files: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const from of files) {
    const info = ts.preProcessFile(readFileSync(path.join(root, from), 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      edges.push({ from, to: path.posix.normalize(path.posix.join(path.posix.dirname(from), fileName)) });
    }
  }
  return edges;
}

/** The folder a file belongs to: the first folder under src/ (`src/cli/commands/x.ts` -> `cli`). */
export function folderOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 2 ? parts[1]! : '(src)';
}

/** Folder-level arrows `a -> b` (a imports b, a != b), with the file imports behind each. */
export function folderArrows(edges: readonly ImportEdge[]): Map<string, ImportEdge[]> {
  const arrows = new Map<string, ImportEdge[]>();
  for (const e of edges) {
    if (!e.to.startsWith('src/')) continue;
    const a = folderOf(e.from);
    const b = folderOf(e.to);
    if (a === b) continue;
    const key = `${a} -> ${b}`;
    arrows.set(key, [...(arrows.get(key) ?? []), e]);
  }
  return new Map([...arrows].sort(([x], [y]) => x.localeCompare(y)));
}

/** Strongly connected components with more than one node (Tarjan), each sorted; sorted by first node. */
export function cycles(nodes: Iterable<string>, next: (n: string) => readonly string[]): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of next(v)) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const n of [...nodes].sort()) if (!idx.has(n)) visit(n);
  return out.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** Folder cycles and file cycles of a tree. */
export function importCycles(edges: readonly ImportEdge[]): { folders: string[][]; files: string[][] } {
  const folderNext = new Map<string, Set<string>>();
  const fileNext = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!e.to.startsWith('src/')) continue;
    const a = folderOf(e.from);
    const b = folderOf(e.to);
    if (a !== b) folderNext.set(a, (folderNext.get(a) ?? new Set()).add(b));
    fileNext.set(e.from, (fileNext.get(e.from) ?? new Set()).add(e.to));
  }
  return {
    folders: cycles(new Set([...folderNext.keys(), ...[...folderNext.values()].flatMap((s) => [...s])]), (n) => [
      ...(folderNext.get(n) ?? []),
    ]),
    files: cycles(new Set([...fileNext.keys(), ...[...fileNext.values()].flatMap((s) => [...s])]), (n) => [...(fileNext.get(n) ?? [])]),
  };
}

/**
 * The layer order written in README.md (section "Layout and layers"): the lines of the fenced
 * block after `<!-- layers -->`, highest layer first; folders on one line share a layer.
 * Returns folder -> rank (0 = lowest).
 */
export function readmeLayers(readme: string): Map<string, number> {
  const at = readme.indexOf('<!-- layers -->');
  if (at < 0) throw new Error('README.md has no <!-- layers --> block');
  const block = /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block) throw new Error('README.md: no fenced block after <!-- layers -->');
  const lines = block[1]!
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const rank = new Map<string, number>();
  lines.forEach((line, i) => {
    for (const f of line
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      if (rank.has(f)) throw new Error(`README.md layers: ${f} is listed twice`);
      rank.set(f, lines.length - 1 - i);
    }
  });
  return rank;
}

/** What breaks the layer rule in the tree at `root`: upward imports, folder cycles, file cycles, folders the order does not name. */
export function layerProblems(
  root: string,
  rank: ReadonlyMap<string, number>,
): { unlisted: string[]; missing: string[]; upward: string[]; folderCycles: string[][]; fileCycles: string[][] } {
  const files = sourceFiles(root);
  const folders = new Set(files.map(folderOf));
  folders.delete('(src)');
  const edges = importEdges(root, files);
  const upward: string[] = [];
  for (const [arrow, imports] of folderArrows(edges)) {
    const [a, b] = arrow.split(' -> ') as [string, string];
    const ra = rank.get(a);
    const rb = rank.get(b);
    if (ra === undefined || rb === undefined || rb <= ra) continue;
    upward.push(`${arrow}: ${imports.map((e) => `${e.from} imports ${e.to}`).join('; ')}`);
  }
  const { folders: folderCycles, files: fileCycles } = importCycles(edges);
  return {
    unlisted: [...folders].filter((f) => !rank.has(f)).sort(),
    missing: [...rank.keys()].filter((f) => !folders.has(f)).sort(),
    upward,
    folderCycles,
    fileCycles,
  };
}
