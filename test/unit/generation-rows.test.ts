import { generationRows } from '../../import/attack/load-release';
import { EDGE_TYPES, NODE_LABELS, ReleaseGraph } from '../../import/attack/to-graph';

/**
 * The writeRelease statement finds every edge's ends by position in its node list: a position
 * off by one links the wrong objects, so each is checked against the keys it stands for.
 */
const GEN = 'enterprise-attack@1.0#t1';
const empty = <T>(names: readonly string[]) => Object.fromEntries(names.map((n) => [n, [] as T[]]));

function graph(): ReleaseGraph {
  const g = {
    generation: GEN,
    nodes: empty(NODE_LABELS),
    edges: empty(EDGE_TYPES),
    platforms: [],
    skippedRelationships: {},
  } as unknown as ReleaseGraph;
  g.nodes.Tactic.push({ key: 'tac', name: 'Execution' });
  g.nodes.Technique.push({ key: 't1', name: 'One' }, { key: 't2', name: 'Two' });
  g.nodes.Analytic.push({ key: 'an', name: 'Analytic' });
  g.nodes.AttackLogSource.push({ key: 'ls', name: 'sysmon' });
  g.edges.IN_TACTIC.push({ from: 't2', to: 'tac' }, { from: 't1', to: 'tac' });
  g.edges.SUBTECHNIQUE_OF.push({ from: 't2', to: 't1' });
  g.edges.REFERENCES.push({ from: 'an', to: 'ls', props: { dataComponent: 'dc' } });
  g.platforms.push({ from: 't1', platform: 'Windows' }, { from: 't2', platform: 'Linux' }, { from: 'an', platform: 'Windows' });
  return g;
}

describe('generationRows', () => {
  it('lists the nodes in label order and names every end by the position of its key', () => {
    const rows = generationRows(graph());
    const keys = rows.nodes.map((n) => n.props.key);
    expect(rows.nodes.map((n) => n.label)).toEqual(['Technique', 'Technique', 'Tactic', 'Analytic', 'AttackLogSource']);
    const named = (list: number[]) => list.map((i) => keys[i]);
    expect(rows.edges.map((e) => ({ type: e.type, from: named(e.from), to: named(e.to) }))).toEqual([
      { type: 'IN_TACTIC', from: ['t2', 't1'], to: ['tac', 'tac'] },
      { type: 'SUBTECHNIQUE_OF', from: ['t2'], to: ['t1'] },
    ]);
    expect(rows.edgesWithProps.map((e) => ({ ...e, from: keys[e.from], to: keys[e.to] }))).toEqual([
      { type: 'REFERENCES', from: 'an', to: 'ls', props: { dataComponent: 'dc' } },
    ]);
    expect(rows.platforms.map((p) => ({ name: p.name, nodes: named(p.nodes) }))).toEqual([
      { name: 'Windows', nodes: ['t1', 'an'] },
      { name: 'Linux', nodes: ['t2'] },
    ]);
  });

  it('refuses an edge whose end is not a node of the release', () => {
    const g = graph();
    g.edges.USES.push({ from: 't1', to: 'missing' });
    expect(() => generationRows(g)).toThrow(`${GEN}: an edge names missing, which is not a node of the release`);
  });
});
