import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../cli/main';
import { currentRuleSet, readRules } from '../src/detections/store';
import { closeDriver, graphCounts, importShared, resetDb } from './support/db';
import { captureCliOutput } from './support/cli';
import { describeWithShared } from './support/shared';

/**
 * DETECTIONS.md's "Bad input", each class through the CLI: exit 1, the file and line and what is
 * wrong, and nothing written (the rule set in force stays). Broken community rules in a directory
 * are reported and skipped, unless --strict.
 */
describeWithShared('bad detections input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attack-kg-detections-bad-'));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
    return path;
  };
  const rule = (id: string, extra = '') =>
    `title: Rule ${id}\nid: ${id}\nstatus: test\ntags:\n  - attack.t1059.001\nlogsource:\n  product: windows\n  category: ps_script\ndetection:\n  selection:\n    ScriptBlockText|contains: x\n  condition: selection\nlevel: high\n${extra}`;
  const out = captureCliOutput();
  let good: string;

  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
    good = file('good/rule.yml', rule('good-1'));
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await main(['import', 'detections', good])).toBe(0);
    jest.restoreAllMocks();
  });
  afterAll(closeDriver);

  async function rejects(...args: string[]) {
    const before = await graphCounts();
    const set = (await currentRuleSet())!.id;
    expect(await main(['import', 'detections', ...args])).toBe(1);
    expect(await graphCounts()).toEqual(before);
    expect((await currentRuleSet())!.id).toBe(set);
    return out.stderr;
  }

  test('a named file that is not YAML: its path and line', async () => {
    const path = file('broken.yml', `${rule('b-1')}detection: [unclosed\n`);
    expect(await rejects(path)).toMatch(new RegExp(`${path}:\\d+: not valid YAML`));
  });

  test('broken community rules in a directory are reported and skipped, refused under --strict', async () => {
    const tree = join(dir, 'tree');
    file('tree/a/ok.yml', rule('tree-ok'));
    file('tree/a/no-id.yml', rule('x').replace('id: x\n', ''));
    file('tree/b/no-logsource.yml', 'title: t\nid: no-ls\ndetection:\n  sel:\n    a: b\n  condition: sel\n');
    file('tree/b/bad.yaml', 'title: [oops\n');
    file('tree/c/lookup.csv', 'user,host\nalice,ws-1\n');
    file('tree/c/multi.yml', `${rule('m-1')}---\n${rule('m-2')}---\ntitle: corr\nid: corr-1\ncorrelation:\n  type: event_count\n`);
    expect(await rejects(tree, '--strict')).toMatch(/no-id\.yml:1: a rule without id/);
    expect(out.stderr).toMatch(/no-logsource\.yml:1: rule no-ls has no logsource/);
    expect(out.stderr).toMatch(/bad\.yaml:\d+: not valid YAML/);

    out.stdout = '';
    expect(await main(['import', 'detections', tree])).toBe(0);
    expect(out.stdout).toMatch(/Imported 3 detection rules from 6 files/);
    expect(out.stdout).toMatch(/1 correlation rules, 0 filters, 0 action documents, 3 broken rules/);
    expect(out.stdout).toMatch(/no-id\.yml:1: a rule without id/);
    expect(out.stdout).toMatch(/lookup\.csv: not a rules CSV \(its header has no requires column\), skipped/);
    expect((await readRules((await currentRuleSet())!.id)).map((r) => r.id).sort()).toEqual(['m-1', 'm-2', 'tree-ok']);
  });

  test('duplicate rule ids', async () => {
    const a = file('dup/a.yml', rule('same'));
    const b = file('dup/b.yml', rule('same'));
    expect(await rejects(a, b)).toContain(`${b}:1: duplicate rule id same (first at ${a}:1)`);
  });

  test('rules CSV: header, technique ids, platforms, statuses, requirements', async () => {
    expect(await rejects(file('h.csv', 'id,title,what\nR,x,y\n'))).toMatch(/h\.csv:1: unknown column\(s\) "what"/);
    const path = file(
      'rows.csv',
      'id,title,techniques,requires,platforms,status,level\n' +
        'R-1,ok,T1059,WinEventLog:Security|EventCode=4688,Windows,stable,high\n' +
        'R-2,bad id,T99,@,Windws,final,urgent\n' +
        ',no id,T1059,,Windows,,\n',
    );
    const err = await rejects(path);
    expect(err).toContain(`${path}:3: techniques: "T99" is not an ATT&CK technique id`);
    expect(err).toContain(`${path}:3: requires: "@" needs an inventory log source id after it`);
    expect(err).toContain(`${path}:3: platforms: unknown platform "Windws"`);
    expect(err).toContain(`${path}:3: unknown status "final"`);
    expect(err).toContain(`${path}:3: unknown level "urgent"`);
    expect(err).toContain(`${path}:4: missing id`);
  });

  test('a detections document: version, keys, selectors, one document only', async () => {
    const doc = file(
      'deploy.yaml',
      'version: 2\ndeployments:\n  - rules: { status: [stable] }\n    assets: { platform: [Windows] }\n    enabled: yes\n',
    );
    const err = await rejects(good, doc);
    expect(err).toMatch(new RegExp(`${doc}:1: version`));
    expect(err).toMatch(new RegExp(`${doc}:4: deployments\\[0\\]\\.assets\\.platform: unknown key "platform"`));
    const ok = file('deploy-ok.yaml', 'version: 1\ndeployments:\n  - assets: "*"\n');
    const again = file('deploy-again.yaml', 'version: 1\ndeployments:\n  - assets: "*"\n');
    expect(await rejects(good, ok, again)).toContain(`${again}: a second detections document (the first is ${ok})`);
    expect(await rejects(good, ok, '--status', 'stable')).toContain('--status and a detections document both say where rules run');
  });

  test('--status: unknown, never deployed', async () => {
    expect(await rejects(good, '--status', 'stable,final')).toContain('--status: unknown status final');
    expect(await rejects(good, '--status', 'deprecated')).toContain('--status: deprecated rules are never deployed');
  });

  test('nothing to import', async () => {
    expect(await rejects(join(dir, 'missing'))).toContain('cannot read it (ENOENT)');
    expect(await rejects(file('notes.txt', 'hello'))).toContain('not a rule file');
  });
});
