import { ZodTypeAny } from 'zod';
import { schemasByType } from '../../import/attack/stix';
import { minimal, stixId } from '../fixtures/bundles';
import { describeWithShared, sharedBundle } from '../support/shared';

/**
 * One zod schema per STIX type the importer reads: each accepts a valid object (a hand-written
 * minimal one, and a real one from ../shared) and rejects a broken one at the right path. The
 * break is a set of field overrides (undefined deletes), so it applies to either object.
 */
type Fields = Record<string, unknown>;
interface Case {
  breaks: Fields;
  path: (string | number)[];
  message: string | RegExp;
  from?: string;
}

const CASES: Record<keyof typeof minimal, Case> = {
  'attack-pattern': {
    breaks: { kill_chain_phases: [{ kill_chain_name: 'mitre-attack' }] },
    path: ['kill_chain_phases', 0, 'phase_name'],
    message: 'Required',
  },
  'x-mitre-tactic': { breaks: { x_mitre_shortname: '' }, path: ['x_mitre_shortname'], message: /at least 1 character/ },
  'x-mitre-matrix': { breaks: { tactic_refs: 'x-mitre-tactic--1' }, path: ['tactic_refs'], message: 'Expected array, received string' },
  'x-mitre-data-source': {
    breaks: { x_mitre_collection_layers: ['Host', 3] },
    path: ['x_mitre_collection_layers', 1],
    message: 'Expected string, received number',
  },
  'x-mitre-data-component': {
    breaks: { x_mitre_log_sources: [{ channel: '4688' }] },
    path: ['x_mitre_log_sources', 0, 'name'],
    message: 'Required',
  },
  'x-mitre-detection-strategy': {
    breaks: { x_mitre_analytic_refs: [7] },
    path: ['x_mitre_analytic_refs', 0],
    message: 'Expected string, received number',
  },
  'x-mitre-analytic': {
    breaks: { x_mitre_log_source_references: [{ name: 'WinEventLog:Security', channel: 'EventCode=4688' }] },
    path: ['x_mitre_log_source_references', 0, 'x_mitre_data_component_ref'],
    message: 'Required',
  },
  'intrusion-set': {
    breaks: { external_references: [{ source_name: 'capec', external_id: 'CAPEC-1' }] },
    path: ['external_references'],
    message: 'has no ATT&CK id (no mitre-attack external_id)',
  },
  malware: { breaks: { is_family: 'yes' }, path: ['is_family'], message: 'Expected boolean, received string' },
  tool: { breaks: { id: stixId('malware', 9) }, path: ['id'], message: 'must be a tool--<uuid> id' },
  campaign: { breaks: { first_seen: 2024 }, path: ['first_seen'], message: 'Expected string, received number' },
  'course-of-action': { breaks: { name: undefined }, path: ['name'], message: 'Required' },
  'x-mitre-collection': { breaks: { x_mitre_version: undefined }, path: ['x_mitre_version'], message: 'Required', from: 'ics-attack-18.1' },
  relationship: { breaks: { target_ref: '' }, path: ['target_ref'], message: /at least 1 character/ },
};

const broken = (object: object, breaks: Fields) => {
  const out: Fields = { ...object, ...breaks };
  for (const [k, v] of Object.entries(breaks)) if (v === undefined) delete out[k];
  return out;
};

/** The issues a schema reports for `value`, as [path, message]; none when it accepts it. */
const issues = (schema: ZodTypeAny, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => [i.path, i.message]);
};

function expectCase(type: string, valid: object) {
  const schema = schemasByType[type];
  const c = CASES[type as keyof typeof CASES];
  expect(issues(schema, valid)).toEqual([]);
  expect(issues(schema, broken(valid, c.breaks))).toEqual([
    [c.path, typeof c.message === 'string' ? c.message : expect.stringMatching(c.message)],
  ]);
  // Every schema is bound to its own type.
  expect(issues(schema, { ...valid, type: 'identity' })).toContainEqual([['type'], expect.stringMatching(/^Invalid literal value/)]);
}

test('every type the importer reads has a case here', () => {
  expect(Object.keys(schemasByType).sort()).toEqual(Object.keys(CASES).sort());
});

describe('STIX schemas, on minimal hand-written objects', () => {
  test.each(Object.keys(CASES))('%s', (type) => expectCase(type, minimal[type as keyof typeof minimal](1)));
});

test('ATT&CK ids: required where other objects refer to them, not on matrices, data components, collections, relationships', () => {
  const noId = Object.keys(CASES).filter((type) => {
    const object = broken(minimal[type as keyof typeof minimal](1), {
      external_references: [{ source_name: 'capec', external_id: 'CAPEC-1' }],
    });
    return issues(schemasByType[type], object).some(([path]) => (path as string[]).join() === 'external_references');
  });
  expect(noId.sort()).toEqual([
    'attack-pattern',
    'campaign',
    'course-of-action',
    'intrusion-set',
    'malware',
    'tool',
    'x-mitre-analytic',
    'x-mitre-data-source',
    'x-mitre-detection-strategy',
    'x-mitre-tactic',
  ]);
});

describeWithShared('STIX schemas, on real ATT&CK 18.1 objects', () => {
  const realObject = (type: string) => {
    const objects = sharedBundle(CASES[type as keyof typeof CASES].from ?? 'enterprise-attack-18.1').objects;
    // An active one where there is one (18.1 deprecates every data source, which still parse).
    const object = objects.find((o) => o.type === type && !o.revoked && !o.x_mitre_deprecated) ?? objects.find((o) => o.type === type);
    if (!object) throw new Error(`no active ${type} in the shared bundle`);
    return object;
  };

  test.each(Object.keys(CASES))('%s', (type) => expectCase(type, realObject(type)));

  test('a real technique keeps what the graph reads from it', () => {
    const technique = sharedBundle('enterprise-attack-18.1').objects.find(
      (o) => o.type === 'attack-pattern' && (o.external_references as { external_id?: string }[])[0]?.external_id === 'T1059',
    )!;
    const parsed = schemasByType['attack-pattern'].parse(technique);
    expect(parsed).toMatchObject({
      name: 'Command and Scripting Interpreter',
      x_mitre_is_subtechnique: false,
      kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'execution' }],
    });
    expect(parsed.x_mitre_platforms).toEqual(expect.arrayContaining(['Windows', 'Linux', 'macOS']));
  });
});
