import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { importDetections } from '../import/detections/import-detections';
import { importInventory } from '../import/inventory/import-inventory';
import { createKey } from '../src/auth/keys';
import { projectRoot } from '../src/config';
import { RunningServer } from '../src/server/app';
import { ACME } from './support/acme';
import { launchChromium } from './support/browser';
import { closeDriver, importShared, resetDb } from './support/db';
import { graphqlRequest, request, Servers } from './support/http';
import { describeWithShared, sharedDir } from './support/shared';
import { importFile, SAMPLES } from './support/telemetry';

/**
 * /matrix in a real headless Chromium on the Acme example and ATT&CK 18.1: every technique with
 * coverage rows has a cell, each cell's numbers are the API's (summed over the technique's
 * platforms here, independently of the page's model), a business-unit filter shows the API's
 * numbers for it, the panel answers what techniqueCoverage answers, layers switch, exports
 * download, the keyboard moves between cells, API keys are asked for and kept for the tab, and
 * no request leaves the server.
 */
export const OUTPUT = join(projectRoot, 'test-output');

interface Sums {
  total: number;
  covered: number;
  blind: number;
}

describeWithShared('the coverage matrix at /matrix', () => {
  let browser: Browser;
  let server: RunningServer;
  let base: string;
  const servers = new Servers();

  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
    await importInventory({ document: ACME, csv: [] });
    server = await servers.start(0);
    base = server.url.replace(/graphql$/, '');
    browser = await launchChromium();
    mkdirSync(OUTPUT, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await servers.stopAll();
    await closeDriver();
  });

  async function api(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    const { body } = await graphqlRequest(server, query, variables, headers);
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  /** The API's rows of a query, summed per technique. */
  async function apiSums(q: Record<string, unknown>): Promise<Map<string, Sums>> {
    const data = await api(
      `query($q: CoverageQuery) { coverage(query: $q, first: 5000) { totalCount nodes { technique { attackId } hostsTotal hostsCovered hostsBlind } } }`,
      { q },
    );
    expect(data.coverage.nodes).toHaveLength(data.coverage.totalCount);
    const out = new Map<string, Sums>();
    for (const r of data.coverage.nodes) {
      const s = out.get(r.technique.attackId) ?? { total: 0, covered: 0, blind: 0 };
      s.total += r.hostsTotal;
      s.covered += r.hostsCovered;
      s.blind += r.hostsBlind;
      out.set(r.technique.attackId, s);
    }
    return out;
  }

  async function open(path = 'matrix'): Promise<{ page: Page; requests: string[]; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => void requests.push(r.url()));
    page.on('pageerror', (e) => void errors.push(e.message));
    await page.goto(`${base}${path}`);
    await ready(page);
    return { page, requests, errors };
  }

  const ready = (page: Page) => page.waitForSelector('body[data-ready="true"][data-layers="true"]');

  /** What the page shows: per cell element, its technique, the number and the aria-label. */
  const shown = (page: Page) =>
    page.$$eval('.matrix .cell', (cells) =>
      cells.map((c) => ({
        id: (c as HTMLElement).dataset.technique!,
        num: c.querySelector('.num')!.textContent!,
        label: c.getAttribute('aria-label')!,
        noHosts: c.classList.contains('nohosts'),
        colour: (c as HTMLElement).style.background,
      })),
    );

  function expectCellsEqual(cells: Awaited<ReturnType<typeof shown>>, sums: Map<string, Sums>) {
    const ids = new Set(cells.map((c) => c.id));
    for (const id of sums.keys()) expect(ids).toContain(id);
    for (const c of cells) {
      const s = sums.get(c.id);
      if (!s) {
        expect(c).toMatchObject({ num: '–', noHosts: true });
        continue;
      }
      expect({ id: c.id, num: c.num, noHosts: c.noHosts }).toEqual({ id: c.id, num: String(s.blind), noHosts: false });
      expect(c.label).toContain(`${s.blind} of ${s.total} hosts blind`);
      expect(c.label).toContain(`${Math.round((s.covered / s.total) * 100)}% covered`);
    }
  }

  test('every technique with coverage rows has a cell showing the API numbers; a business-unit filter shows the API numbers for it', async () => {
    const { page, requests, errors } = await open();
    const all = await apiSums({});
    const cells = await shown(page);
    expectCellsEqual(cells, all);
    // Every active technique is a cell, those with no host on their platforms greyed.
    const techniques = await api('{ techniques(first: 1000) { totalCount } }');
    expect(new Set(cells.map((c) => c.id)).size).toBe(techniques.techniques.totalCount);
    expect(cells.some((c) => c.noHosts)).toBe(true);
    // Sub-techniques are in the DOM while collapsed.
    expect(await page.locator('.subs[hidden] .cell[data-technique="T1003.001"]').count()).toBeGreaterThan(0);
    // Colour is not alone: cells with different shares have different colours, and numbers besides.
    expect(new Set(cells.filter((c) => !c.noHosts).map((c) => c.colour)).size).toBeGreaterThan(3);

    await page.locator('input[name="businessUnits"]').fill('IT');
    await page.getByRole('button', { name: 'Apply' }).click();
    await ready(page);
    expect(new URL(page.url()).searchParams.get('businessUnits')).toBe('IT');
    const it = await apiSums({ assets: { businessUnits: ['IT'] } });
    expect(it).not.toEqual(all);
    expectCellsEqual(await shown(page), it);

    // The link reproduces the view.
    const again = await open(`matrix?businessUnits=IT`);
    expectCellsEqual(await shown(again.page), it);
    await again.page.close();

    await page.screenshot({ path: join(OUTPUT, 'matrix.png') });
    expect(requests.filter((u) => !u.startsWith(base))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('a panel on click: per platform the API numbers, what detects it, the top recommendation, blind hosts paged, a playground link', async () => {
    const { page } = await open();
    // The Windows technique with the most blind hosts.
    const rows = await api(
      `{ coverage(first: 5000, query: { platforms: ["Windows"], onlyGaps: true }) { nodes { technique { attackId } hostsBlind } } }`,
    );
    const id = [...rows.coverage.nodes].sort((a: any, b: any) => b.hostsBlind - a.hostsBlind)[0].technique.attackId as string;
    await page.locator(`.matrix .cell[data-technique="${id}"]`).first().click();
    await page.locator('#panel h2', { hasText: id }).waitFor();
    expect(new URL(page.url()).searchParams.get('technique')).toBe(id);
    const expected = await api(
      `query($id: ID!, $tid: String!) { techniqueCoverage(id: $id) { platforms { platform hostsTotal hostsCovered hostsBlind dataComponents { name } blindHosts(first: 1000) { totalCount nodes { id } } } }
         recommendations(query: { techniques: [$tid] }, limit: 1) { logSource { id } name blindPairs } }`,
      { id, tid: id },
    );
    for (const p of expected.techniqueCoverage.platforms) {
      const section = page.locator(`#panel section.platform[data-platform="${p.platform}"]`);
      expect(await section.locator('tr.counts td').allInnerTexts()).toEqual([
        String(p.hostsTotal),
        String(p.hostsCovered),
        String(p.hostsBlind),
      ]);
      for (const d of p.dataComponents) expect(await section.innerText()).toContain(d.name);
      expect(await section.locator('h4', { hasText: 'Blind hosts' }).innerText()).toBe(`Blind hosts (${p.blindHosts.totalCount})`);
    }
    const windows = expected.techniqueCoverage.platforms.find((p: any) => p.platform === 'Windows');
    expect(windows.hostsBlind).toBeGreaterThan(20); // one page of 20, then more
    const blind = page.locator('#panel section.platform[data-platform="Windows"] table.blind tr');
    expect(await blind.count()).toBe(20);
    const more = page.locator('#panel section.platform[data-platform="Windows"] button.more');
    while (await more.count()) {
      const after = await more.getAttribute('data-after');
      await more.click();
      await page.waitForFunction((a) => {
        const b = document.querySelector<HTMLButtonElement>('#panel section.platform[data-platform="Windows"] button.more');
        return !b || (b.dataset.after !== a && !b.disabled);
      }, after);
    }
    expect(await blind.count()).toBe(windows.hostsBlind);
    const listed = await page.$$eval('#panel section.platform[data-platform="Windows"] table.blind tr td:first-child', (tds) =>
      tds.map((t) => t.textContent),
    );
    expect(listed).toEqual(windows.blindHosts.nodes.map((h: any) => h.id));
    const rec = expected.recommendations[0];
    expect(await page.locator('#panel .recommendation').innerText()).toContain(`${rec.logSource?.id ?? rec.name}`);
    expect(await page.locator('#panel .recommendation').innerText()).toContain(`${rec.blindPairs} blind`);

    // The playground opens on the same question, and it answers.
    const href = await page.locator('#playground-link').getAttribute('href');
    const playground = await browser.newPage();
    await playground.goto(new URL(href!, base).toString());
    await playground.locator('.graphiql-query-editor', { hasText: 'query TechniquePanel' }).waitFor();
    await playground.waitForLoadState('networkidle');
    await playground.locator('.graphiql-execute-button').click();
    await playground.waitForFunction((t) => document.querySelector('.result-window')?.textContent?.includes(`"attackId": "${t}"`), id);
    await playground.close();
    await page.close();
  });

  test('layers are offered only when their data exists; switching one redraws the cells; the keyboard moves between cells', async () => {
    const { page } = await open();
    const schema = await api(`{ __schema { queryType { fields { name } } } q: __type(name: "CoverageQuery") { inputFields { name } } }`);
    const hasDetection = schema.__schema.queryType.fields.some((f: any) => f.name === 'detectionCoverage');
    const hasEvidence = schema.q.inputFields.some((f: any) => f.name === 'evidence');
    // This server has both fields: each layer is offered exactly when its data exists.
    expect({ hasDetection, hasEvidence }).toEqual({ hasDetection: true, hasEvidence: true });
    // No telemetry and no rules imported: neither the evidence nor the detection layer.
    expect(await page.locator('.layers button[data-layer="evidence"]').isHidden()).toBe(true);
    expect(await page.locator('.layers button[data-layer="detection"]').isHidden()).toBe(true);
    expect(await page.locator('.layers button[data-layer="visibility"]').getAttribute('aria-pressed')).toBe('true');
    // A layer named in the URL that has no data falls back to visibility.
    const fallback = await open('matrix?layer=evidence');
    expect(await fallback.page.locator('.matrix').getAttribute('data-layer')).toBe('visibility');
    await fallback.page.close();
    const offered = await page.$$eval('.layers button:not([hidden])', (bs) => bs.map((b) => (b as HTMLElement).dataset.layer));
    for (const layer of offered.filter((l) => l !== 'visibility')) {
      await page.locator(`.layers button[data-layer="${layer}"]`).click();
      expect(await page.locator('.matrix').getAttribute('data-layer')).toBe(layer);
      expect(new URL(page.url()).searchParams.get('layer')).toBe(layer);
    }
    expect(offered).toEqual(['visibility']);

    // With telemetry, the evidence layer appears where the schema has CoverageQuery.evidence, and draws OBSERVED against DECLARED.
    await importFile(SAMPLES.splunk, 'splunk');
    const withTelemetry = await open();
    const evidenceButton = withTelemetry.page.locator('.layers button[data-layer="evidence"]');
    expect(await evidenceButton.isHidden()).toBe(false);
    {
      await evidenceButton.click();
      expect(await withTelemetry.page.locator('.matrix').getAttribute('data-layer')).toBe('evidence');
      // Each cell: OBSERVED covered hosts as colour, DECLARED covered minus OBSERVED covered as its number, per the API.
      const [declared, observed] = [await apiSums({ evidence: 'DECLARED' }), await apiSums({ evidence: 'OBSERVED' })];
      const cells = await shown(withTelemetry.page);
      let differing = 0;
      for (const c of cells.filter((x) => !x.noHosts)) {
        const [d, o] = [declared.get(c.id)!, observed.get(c.id)!];
        expect({ id: c.id, num: c.num }).toEqual({ id: c.id, num: String(Math.max(0, d.covered - o.covered)) });
        expect(c.label).toContain(`${o.covered} of ${o.total} hosts covered by observed telemetry`);
        if (d.covered !== o.covered) differing += 1;
      }
      expect(differing).toBeGreaterThan(0);
    }
    await withTelemetry.page.close();

    // With rules (SigmaHQ's), the detection layer appears: detected hosts as colour, visible-not-detected as the number, per the API.
    await importDetections([join(sharedDir, 'sigma')]);
    const withRules = await open();
    const detectionButton = withRules.page.locator('.layers button[data-layer="detection"]');
    expect(await detectionButton.isHidden()).toBe(false);
    await detectionButton.click();
    expect(await withRules.page.locator('.matrix').getAttribute('data-layer')).toBe('detection');
    const detection = await api(
      `{ detectionCoverage(first: 5000) { totalCount nodes { technique { attackId } hostsTotal hostsDetected hostsVisibleNotDetected } } }`,
    );
    expect(detection.detectionCoverage.nodes).toHaveLength(detection.detectionCoverage.totalCount);
    const sums = new Map<string, { total: number; detected: number; visible: number }>();
    for (const r of detection.detectionCoverage.nodes) {
      const x = sums.get(r.technique.attackId) ?? { total: 0, detected: 0, visible: 0 };
      [x.total, x.detected, x.visible] = [x.total + r.hostsTotal, x.detected + r.hostsDetected, x.visible + r.hostsVisibleNotDetected];
      sums.set(r.technique.attackId, x);
    }
    let detectedCells = 0;
    for (const c of (await shown(withRules.page)).filter((x) => !x.noHosts)) {
      const x = sums.get(c.id)!;
      expect({ id: c.id, num: c.num }).toEqual({ id: c.id, num: String(x.visible) });
      expect(c.label).toContain(`${x.detected} of ${x.total} hosts detected`);
      if (x.detected > 0) detectedCells += 1;
    }
    expect(detectedCells).toBeGreaterThan(10);
    await withRules.page.close();
    await page.locator('.layers button[data-layer="visibility"]').click();
    expect(await page.locator('.matrix').getAttribute('data-layer')).toBe('visibility');

    // One Tab stop in the matrix; arrows move within a column and across columns.
    const first = page.locator('.matrix .cell[tabindex="0"]');
    expect(await first.count()).toBe(1);
    await first.focus();
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement).dataset.technique);
    const columnOf = () => page.evaluate(() => (document.activeElement as HTMLElement).closest('.tactic')!.getAttribute('data-tactic'));
    const start = await focused();
    await page.keyboard.press('ArrowDown');
    expect(await focused()).not.toBe(start);
    expect(await columnOf()).toBe('reconnaissance');
    await page.keyboard.press('ArrowRight');
    expect(await columnOf()).toBe('resource-development');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe(start);
    expect(await page.locator('.matrix .cell[tabindex="0"]').count()).toBe(1);
    // A parent's sub-techniques open and the arrow reaches them.
    await page.locator(`.toggle[data-toggle="${start}"]`).click();
    await first.focus();
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toMatch(new RegExp(`^${start}\\.`));
    expect(new URL(page.url()).searchParams.get('open')).toBe(start);
    await page.close();
  });

  test('exports: the CSV route with the view as parameters, the Navigator layer, SVG and PNG pictures', async () => {
    const { page } = await open('matrix?businessUnits=IT');
    const save = async (button: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`#export-${button}`).click()]);
      const file = join(OUTPUT, download.suggestedFilename());
      await download.saveAs(file);
      return { name: download.suggestedFilename(), bytes: readFileSync(file) };
    };
    const csv = await save('csv');
    const direct = await request(`${base}api/v1/coverage.csv?businessUnits=IT`);
    expect(csv.bytes.toString('utf8')).toBe(direct.text);
    expect(csv.name).toMatch(/\.csv$/);
    const layer = JSON.parse((await save('layer')).bytes.toString('utf8'));
    expect(layer.techniques.length).toBeGreaterThan(100);
    const svg = (await save('svg')).bytes.toString('utf8');
    expect(svg).toMatch(/^<svg /);
    const tops = await page.$$eval('.matrix > .tactic > .slot > .cell', (cs) => cs.length);
    expect(svg.match(/<g data-technique=/g)).toHaveLength(tops);
    const png = (await save('png')).bytes;
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    await page.close();
  });

  test('with API keys on: the page asks for one, keeps it in sessionStorage only and sends it as Bearer', async () => {
    const { key } = await createKey('reader', 'matrix e2e');
    const page = await browser.newPage();
    const authorizations: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql')) authorizations.push(r.headers().authorization ?? '');
    });
    await page.goto(`${base}matrix`);
    await page.locator('dialog.key[open]').waitFor();
    await page.locator('#key-input').fill(key);
    await page.locator('dialog.key button[type="submit"]').click();
    await ready(page);
    expect(await page.locator('.matrix .cell').count()).toBeGreaterThan(600);
    expect(await page.evaluate(() => sessionStorage.getItem('attack-kg.apiKey'))).toBe(key);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(key);
    expect(authorizations).toContain(`Bearer ${key}`);
    await page.close();
  });
});
