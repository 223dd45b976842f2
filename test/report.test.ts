import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../cli/main';
import { captureCliOutput } from './support/cli';
import { gql } from './support/graphql';
import { onAcme } from './support/acme-suite';
import { describeWithShared } from './support/shared';
import { importFile, SAMPLES } from './support/telemetry';

/**
 * `attack-kg report` writes one HTML file with no outside reference, whose numbers are the API's:
 * every cell (summed over the technique's platforms here), the headline, the worst gaps, the
 * recommendations and, once telemetry exists, the drift.
 */
describeWithShared('attack-kg report', () => {
  const out = captureCliOutput();
  const dir = mkdtempSync(join(tmpdir(), 'attack-kg-report-'));

  onAcme();

  async function report(args: string[]): Promise<string> {
    const file = join(dir, `report-${Math.random().toString(36).slice(2)}.html`);
    expect(await main(['report', '--out', file, ...args])).toBe(0);
    expect(out.stdout).toContain(`Wrote ${file}`);
    return readFileSync(file, 'utf8');
  }

  async function apiRows(q: Record<string, unknown>) {
    const data = await gql(
      `query($q: CoverageQuery) { coverage(query: $q, first: 5000) { totalCount nodes { technique { attackId name } platform hostsTotal hostsCovered hostsBlind } } }`,
      { q },
    );
    expect(data.coverage.nodes).toHaveLength(data.coverage.totalCount);
    return data.coverage.nodes as {
      technique: { attackId: string; name: string };
      platform: string;
      hostsTotal: number;
      hostsCovered: number;
      hostsBlind: number;
    }[];
  }

  /** Cells of the visibility heatmap: technique -> the number shown and the aria-label. */
  function cellsOf(html: string): Map<string, { num: string; label: string }> {
    const section = html.slice(html.indexOf('id="heatmap-visibility"'), html.indexOf('id="gaps"'));
    const cells = new Map<string, { num: string; label: string }>();
    for (const m of section.matchAll(/data-technique="([^"]+)"[^>]*aria-label="([^"]*)"[^>]*>.*?<span class="num">([^<]*)<\/span>/g))
      cells.set(m[1], { label: m[2], num: m[3] });
    return cells;
  }

  function expectMatchesApi(html: string, rows: Awaited<ReturnType<typeof apiRows>>, techniques: number) {
    const sums = new Map<string, { total: number; covered: number; blind: number }>();
    for (const r of rows) {
      const s = sums.get(r.technique.attackId) ?? { total: 0, covered: 0, blind: 0 };
      sums.set(r.technique.attackId, { total: s.total + r.hostsTotal, covered: s.covered + r.hostsCovered, blind: s.blind + r.hostsBlind });
    }
    const cells = cellsOf(html);
    expect(cells.size).toBe(techniques);
    for (const [id, s] of sums) {
      expect({ id, num: cells.get(id)?.num }).toEqual({ id, num: String(s.blind) });
      expect(cells.get(id)!.label).toContain(`${s.blind} of ${s.total} hosts blind`);
    }
    // Headline: techniques covered on every host, partially, nowhere, and with no hosts.
    const values = [...sums.values()];
    const figure = (label: string) => Number(new RegExp(`data-figure="${label}">(\\d+)<`).exec(html)?.[1]);
    expect(figure('techniques covered on every host')).toBe(values.filter((s) => s.blind === 0).length);
    expect(figure('partially covered')).toBe(values.filter((s) => s.blind > 0 && s.covered > 0).length);
    expect(figure('blind on every host')).toBe(values.filter((s) => s.covered === 0).length);
    expect(figure('with no host on their platforms')).toBe(techniques - sums.size);
    // The worst gap is the row with the most blind hosts.
    const worst = Math.max(...rows.map((r) => r.hostsBlind));
    const gaps = html.slice(html.indexOf('id="gaps"'), html.indexOf('id="recommendations"'));
    const firstGap = /<tbody><tr><td>([^<]+)<\/td><td>[^<]*<\/td><td>([^<]+)<\/td><td class="n">(\d+)<\/td>/.exec(gaps)!;
    expect(Number(firstGap[3])).toBe(worst);
    expect(rows.find((r) => r.technique.attackId === firstGap[1] && r.platform === firstGap[2])?.hostsBlind).toBe(worst);
    expect(gaps.match(/<tr><td>T\d{4}/g)).toHaveLength(Math.min(20, rows.filter((r) => r.hostsBlind > 0).length));
  }

  test('one file, no outside reference, the API numbers; a business-unit filter as a flag', async () => {
    const html = await report([]);
    // Self-contained: no src/href/url() to anything, no fetch, no module import from elsewhere.
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|\bfetch\(|XMLHttpRequest|<link\b|<script[^>]+src=/i);
    expect(html).toContain('@media print');
    const { techniques } = await gql('{ techniques(first: 1000) { totalCount } }');
    expectMatchesApi(html, await apiRows({}), techniques.totalCount);
    const recommendations = await gql('{ recommendations(limit: 10) { logSource { id } name blindPairs } }');
    const recs = html.slice(html.indexOf('id="recommendations"'), html.indexOf('id="basis"'));
    for (const r of recommendations.recommendations) expect(recs).toContain(`<td class="n">${r.blindPairs}</td>`);
    expect(recs).toContain(recommendations.recommendations[0].logSource?.id ?? recommendations.recommendations[0].name);
    const { inventorySnapshots } = await gql('{ inventorySnapshots { id status } }');
    expect(html).toContain(inventorySnapshots.find((s: any) => s.status === 'current').id);
    expect(html).not.toContain('id="drift"');

    const it = await report(['--business-units', 'IT', '--platforms', 'Windows,Linux']);
    expectMatchesApi(it, await apiRows({ assets: { businessUnits: ['IT'] }, platforms: ['Windows', 'Linux'] }), techniques.totalCount);
    expect(it).toContain('businessUnits=IT');
  });

  test('with telemetry: the drift summary, the API numbers', async () => {
    await importFile(SAMPLES.splunk, 'splunk');
    const html = await report([]);
    const { telemetryDrift } = await gql('{ telemetryDrift { unknownHosts logSources { logSource { id } staleHosts neverSeenHosts } } }');
    const drift = html.slice(html.indexOf('id="drift"'), html.indexOf('id="basis"'));
    expect(drift).toContain(`${telemetryDrift.unknownHosts} hosts the SIEM sees match no asset`);
    const silent = telemetryDrift.logSources.filter((l: any) => l.staleHosts + l.neverSeenHosts > 0);
    expect(silent.length).toBeGreaterThan(0);
    // The 20 most silent are listed (ties at the cut aside).
    const silence = (l: any) => l.staleHosts + l.neverSeenHosts;
    const cut = silent.length > 20 ? silence([...silent].sort((a: any, b: any) => silence(b) - silence(a))[19]) : 0;
    for (const l of silent.filter((x: any) => silence(x) > cut))
      expect(drift).toMatch(
        new RegExp(
          `<td>${l.logSource.id}</td><td class="n">\\d+</td><td class="n">\\d+</td><td class="n">${l.staleHosts}</td><td class="n">${l.neverSeenHosts}</td>`,
        ),
      );
  });

  test('bad input names the flag; an unknown adversary is bad input too', async () => {
    expect(await main(['report', '--min-state', 'SOMETIMES', '--out', join(dir, 'x.html')])).toBe(1);
    expect(out.stderr).toMatch(/minState=SOMETIMES: expected one of/);
    expect(await main(['report', '--group', 'G9999', '--out', join(dir, 'x.html')])).toBe(1);
    expect(out.stderr).toMatch(/G9999/);
  });
});
