import type { Browser, Page } from 'playwright-core';
import { createKey } from '../src/auth/keys';
import { launchChromium } from './support/browser';
import { closeDriver, importShared, resetDb } from './support/db';
import { Servers } from './support/http';
import { describeWithShared } from './support/shared';

/**
 * The playground in a real headless Chromium: served by the server itself, no request leaves
 * it (air-gapped SOCs), and a preloaded example runs and shows rows.
 */
describeWithShared('the GraphiQL playground at /', () => {
  let browser: Browser;
  const servers = new Servers();

  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
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
    return { page, requests, errors, base };
  }

  const response = (page: Page) => page.locator('.result-window');
  /** Sets an editor's text through CodeMirror itself (typing would fight its auto-closing brackets). */
  const setEditor = (page: Page, selector: string, text: string) =>
    page.locator(`${selector} .CodeMirror`).first().evaluate((el, value) => (el as unknown as { CodeMirror: { setValue(v: string): void } }).CodeMirror.setValue(value), text);

  test('opens with the examples, runs the first, shows rows; every request stays on the server', async () => {
    const { page, requests, errors, base } = await open();
    await page.locator('.graphiql-execute-button').click();
    await page.waitForFunction(() => document.querySelector('.result-window')?.textContent?.includes('"totalCount"'));
    const text = await response(page).innerText();
    expect(text).toMatch(/"attackId": "T1003"/);
    expect(text).toMatch(/OS Credential Dumping/);
    expect(await page.locator('.graphiql-tab').count()).toBeGreaterThanOrEqual(5);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => !u.startsWith(base))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('with API keys on: no key is refused, a reader key in the Headers editor gets rows', async () => {
    const { key } = await createKey('reader', 'playground e2e');
    const { page } = await open();
    await page.locator('.graphiql-execute-button').click();
    await page.waitForFunction(() => document.querySelector('.result-window')?.textContent?.includes('API key is required'));
    await page.getByText('Headers', { exact: true }).click();
    await setEditor(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden)', JSON.stringify({ Authorization: `Bearer ${key}` }));
    await page.locator('.graphiql-execute-button').click();
    await page.waitForFunction(() => document.querySelector('.result-window')?.textContent?.includes('"totalCount"'));
    expect(await response(page).innerText()).toMatch(/OS Credential Dumping/);
    await page.close();
  });
});
