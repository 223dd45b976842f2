import { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { importInventory } from '../import/inventory/import-inventory';
import { createKey } from '../src/auth/keys';
import { launchChromium } from './support/browser';
import { closeDriver, importShared, resetDb } from './support/db';
import { Servers } from './support/http';
import { describeWithShared } from './support/shared';

/**
 * The playground in a real headless Chromium: served by the server itself, no request leaves
 * it (air-gapped SOCs), and the preloaded gaps question runs and shows rows.
 */
describeWithShared('the GraphiQL playground at /', () => {
  let browser: Browser;
  const servers = new Servers();

  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
    await importInventory({ document: join(__dirname, 'fixtures', 'inventory', 'small.yaml'), csv: [] });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await servers.stopAll();
    await closeDriver();
  });

  async function open(): Promise<{ page: Page; requests: string[]; errors: string[]; base: string }> {
    const server = await servers.start(0);
    const base = server.url.replace(/graphql$/, '');
    const page = await browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => void requests.push(r.url()));
    page.on('pageerror', (e) => void errors.push(e.message));
    await page.goto(base);
    await page.locator('.graphiql-execute-button').waitFor();
    // The schema (introspection) has arrived: GraphiQL no longer re-renders under the test's clicks.
    await page.waitForLoadState('networkidle');
    return { page, requests, errors, base };
  }

  const response = (page: Page) => page.locator('.result-window');
  /** Sets an editor's text through CodeMirror itself (typing would fight its auto-closing brackets). */
  const setEditor = (page: Page, selector: string, text: string) =>
    page
      .locator(`${selector} .CodeMirror`)
      .first()
      .evaluate((el, value) => (el as unknown as { CodeMirror: { setValue(v: string): void } }).CodeMirror.setValue(value), text);

  const run = async (page: Page) => {
    await page.locator('.graphiql-execute-button').click();
    await page.waitForFunction(() => document.querySelector('.result-window')?.textContent?.includes('"totalCount"'));
    return response(page).innerText();
  };

  test('opens on the coverage gaps question, runs it, shows rows; every request stays on the server', async () => {
    const { page, requests, errors, base } = await open();
    const text = await run(page);
    expect(text).toMatch(/"totalCount": [1-9]/);
    expect(text).toMatch(/"hostsBlind": [1-9]/);
    expect(text).toMatch(/"attackId": "T\d{4}/);
    expect(await page.locator('.graphiql-tab').count()).toBeGreaterThanOrEqual(9);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => !u.startsWith(base))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('an ATT&CK lookup tab answers too', async () => {
    const { page } = await open();
    await page.locator('.graphiql-tab', { hasText: 'CredentialAccessOnWindows' }).click();
    await page.locator('.graphiql-query-editor', { hasText: 'query CredentialAccessOnWindows' }).waitFor();
    expect(await run(page)).toMatch(/"name": "OS Credential Dumping"/);
    await page.close();
  });

  test('with API keys on: no key is refused, a reader key in the Headers editor gets rows', async () => {
    const { key } = await createKey('reader', 'playground e2e');
    const { page } = await open();
    await page.locator('.graphiql-execute-button').click();
    await page.waitForFunction(() => document.querySelector('.result-window')?.textContent?.includes('API key is required'));
    await page.getByText('Headers', { exact: true }).click();
    await setEditor(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden)', JSON.stringify({ Authorization: `Bearer ${key}` }));
    expect(await run(page)).toMatch(/"hostsBlind": [1-9]/);
    await page.close();
  });
});
