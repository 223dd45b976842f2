import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Caches } from '../src/cache/caches';
import { statementCount } from '../src/db/neo4j';
import { listReleases } from '../src/attack/releases';
import { resolveAttackIds } from '../src/attack/replacements';
import { importAttack, removeRelease } from '../import/attack/import-attack';
import { closeDriver, importShared, resetDb } from './support/db';
import { describeWithShared, sharedBundle, SharedBundle, sharedDir } from './support/shared';
import { REISSUED, v19Bundle, writeV19Bundle } from './fixtures/v19';

/** Every ATT&CK id SigmaHQ's rules tag, read with a regular expression (not the detections importer). */
function sigmaTags(dir = join(sharedDir, 'sigma')): string[] {
  const ids = new Set<string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (/\.ya?ml$/.test(e.name))
        for (const m of readFileSync(join(d, e.name), 'utf8').matchAll(/\battack\.(t\d{4}(?:\.\d{3})?)\b/gi)) ids.add(m[1].toUpperCase());
    }
  };
  walk(dir);
  return [...ids].sort();
}

/** An independent reading of a raw bundle: ATT&CK id -> its technique objects, and the revoked-by edges. */
function raw(bundle: SharedBundle) {
  const attackId = (o: any): string | undefined => o.external_references?.find((r: any) => r.source_name === 'mitre-attack')?.external_id;
  const byStix = new Map(bundle.objects.map((o) => [o.id as string, o as any]));
  const byId = new Map<string, any[]>();
  for (const o of bundle.objects)
    if (o.type === 'attack-pattern' && attackId(o)) byId.set(attackId(o)!, [...(byId.get(attackId(o)!) ?? []), o]);
  const revokedBy = new Map<string, string>();
  for (const o of bundle.objects as any[])
    if (o.type === 'relationship' && o.relationship_type === 'revoked-by') revokedBy.set(o.source_ref, o.target_ref);
  const live = (o: any) => !o.revoked && !o.x_mitre_deprecated;
  /** Active here: itself; revoked: the end of its chain, if active. */
  const own = (id: string): string | null => {
    const objects = byId.get(id) ?? [];
    if (objects.some(live)) return id;
    const revoked = objects.find((o) => o.revoked);
    if (!revoked) return null;
    let end = revoked.id;
    while (revokedBy.has(end)) end = revokedBy.get(end)!;
    const o = byStix.get(end);
    return o && live(o) ? attackId(o)! : null;
  };
  return { own, has: (id: string) => byId.has(id), name: (id: string) => (byId.get(id) ?? [])[0]?.name as string | undefined };
}

describeWithShared('resolveAttackIds: tagged ids through every loaded release (18.1 and the hand-made v19)', () => {
  const caches = new Caches();
  let g18: string;
  let g19: string;
  const tags = sigmaTags();
  const ids = [...new Set([...tags, ...Object.keys(REISSUED), ...Object.values(REISSUED).map(([id]) => id), 'T1086', 'T9999'])].sort();

  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
    await importAttack(writeV19Bundle(mkdtempSync(join(tmpdir(), 'attack-kg-v19-'))));
    const releases = await listReleases();
    g18 = releases.find((r) => r.version === '18.1')!.generation;
    g19 = releases.find((r) => r.version === '19.0')!.generation;
  }, 600_000);
  afterAll(closeDriver);

  test('the carry-over the issue names, both ways, and what v19 merged', async () => {
    const under18 = await resolveAttackIds(caches, g18, ['T1685.005', 'T1685', 'T1690', 'T1070.001', 'T1686.003', 'T9999']);
    expect(Object.fromEntries(under18)).toEqual({
      'T1685.005': 'T1070.001',
      // v19's T1685 replaces T1562, T1562.001 and T1562.006; it kept T1562.001's name.
      T1685: 'T1562.001',
      T1690: 'T1562.003',
      'T1070.001': 'T1070.001',
      'T1686.003': null,
      T9999: null,
    });
    const under19 = await resolveAttackIds(caches, g19, ['T1070.001', 'T1562', 'T1562.006', 'T1685.005', 'T1086']);
    expect(Object.fromEntries(under19)).toEqual({
      'T1070.001': 'T1685.005',
      T1562: 'T1685',
      'T1562.006': 'T1685',
      'T1685.005': 'T1685.005',
      T1086: 'T1059.001',
    });
  });

  test("every id SigmaHQ tags, under each release, as an independent reading of the raw bundles and the fixture's table says", async () => {
    const r18 = raw(sharedBundle('enterprise-attack-18.1'));
    const r19 = raw(v19Bundle());
    /** Under 18.1: its own; else the old id v19 re-issued as this one whose name it kept (the first one re-issued names it), else the lowest. */
    const expect18 = (id: string): string | null => {
      if (r18.has(id)) return r18.own(id);
      const olds = Object.entries(REISSUED).filter(([, [to]]) => to === id);
      if (!olds.length) return null;
      const name = olds[0][1][1] ?? r18.name(olds[0][0]);
      return olds.find(([old]) => r18.name(old) === name)?.[0] ?? olds.map(([old]) => old).sort()[0];
    };
    const expect19 = (id: string): string | null => (r19.has(id) ? r19.own(id) : null);
    const [got18, got19] = await Promise.all([resolveAttackIds(caches, g18, ids), resolveAttackIds(caches, g19, ids)]);
    expect(Object.fromEntries(got18)).toEqual(Object.fromEntries(ids.map((id) => [id, expect18(id)])));
    expect(Object.fromEntries(got19)).toEqual(Object.fromEntries(ids.map((id) => [id, expect19(id)])));
    // SigmaHQ's v19 tags that 18.1 alone does not know: all but T1686.003 count for an 18.1 technique.
    const v19Only = tags.filter((id) => !r18.has(id));
    expect(v19Only).toEqual(['T1685', 'T1685.001', 'T1685.002', 'T1685.005', 'T1685.006', 'T1686', 'T1686.001', 'T1686.003']);
    expect(v19Only.filter((id) => got18.get(id) === null)).toEqual(['T1686.003']);
  });

  test('answered from the caches after the first read (one statement: the loaded releases)', async () => {
    await resolveAttackIds(caches, g18, ['T1685.005']);
    const before = statementCount();
    await resolveAttackIds(caches, g18, ['T1685.005', 'T1070.001']);
    expect(statementCount() - before).toBe(1);
  });

  test('a release removed: its replacements are forgotten (the newer id is unknown again under 18.1)', async () => {
    await removeRelease('enterprise-attack@19.0');
    expect(Object.fromEntries(await resolveAttackIds(caches, g18, ['T1685.005', 'T1070.001']))).toEqual({
      'T1685.005': null,
      'T1070.001': 'T1070.001',
    });
  });
});
