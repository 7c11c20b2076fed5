import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layerProblems, readmeLayers } from './import-graph.ts';

// The layer order is written once, in README.md ("Layout and layers"); this test holds the
// tree to it. A folder imports only folders on lower layers (or on its own layer, one way).
describe('folder layers (README.md "Layout and layers")', () => {
  const rank = readmeLayers(readFileSync('README.md', 'utf8'));
  const p = layerProblems('.', rank);

  it('names every folder under src/, and only those', () => {
    expect(p.unlisted, 'folders missing from the README layer order').toEqual([]);
    expect(p.missing, 'folders in the README layer order that src/ does not have').toEqual([]);
  });

  it('no folder imports a folder on a higher layer', () => {
    expect(p.upward).toEqual([]);
  });

  it('no two folders import each other (directly or round a cycle)', () => {
    expect(p.folderCycles).toEqual([]);
  });

  it('no file cycles', () => {
    expect(p.fileCycles).toEqual([]);
  });
});
