import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, Locator, Page } from 'playwright-core';
import { TestAgent } from '../agent-process';
import { adminApi, RunningSystem, startSystem } from '../system';
import { waitFor, writePackageFolder } from '../whole-system/flow';
import { ConsoleProcess, openBrowser, signIn, startConsole } from './console-process';

// Issue 16, item 5: what an administrator saw in the console, checked where it shows — in the
// machine's Chromium against the real services, by geometry where the complaint was geometry.
const SCREENSHOTS = join(__dirname, '../../../tmp/test-results/console-polish');

type Box = { x: number; y: number; width: number; height: number };

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (box === null) throw new Error(`${locator.toString()} is not laid out`);
  return box;
}

/** Every checkbox of the form sits left of its label, on the label's line, vertically centred with its text. */
async function expectCheckboxesBesideLabels(form: Locator): Promise<number> {
  const fields = form.locator('.field-checkbox');
  const count = await fields.count();
  for (let index = 0; index < count; index++) {
    const checkbox = await boxOf(fields.nth(index).locator('input[type="checkbox"]'));
    const label = await boxOf(fields.nth(index).locator('label'));
    const name = await fields.nth(index).locator('label').textContent();
    const gap = label.x - (checkbox.x + checkbox.width);
    expect({ name, leftOfLabel: gap >= 0, closeToLabel: gap < 16, narrow: checkbox.width < 32 }).toEqual({ name, leftOfLabel: true, closeToLabel: true, narrow: true });
    const centreOffset = Math.abs(checkbox.y + checkbox.height / 2 - (label.y + label.height / 2));
    expect({ name, centreOffset: centreOffset <= 3 }).toEqual({ name, centreOffset: true });
  }
  return count;
}

describe('the console polish of issue 16, in a real browser', () => {
  let system: RunningSystem;
  let consoleServer: ConsoleProcess;
  let browser: Browser;
  let page: Page;
  let workDir: string;
  let agent: TestAgent;
  let packageId: string;
  let collectionId: string;
  let clientId: string;
  const dpName = 'polish-dp1';
  const folder = () => join(workDir, 'package');

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const nav = async (section: string) => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section }).click();
    await page.getByRole('heading', { level: 1, name: section }).waitFor();
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    system = await startSystem();
    consoleServer = await startConsole(system);
    workDir = mkdtempSync(join(tmpdir(), 'sdp-e2e-polish-'));
    agent = new TestAgent(system, workDir, {
      name: `${system.runId}-polish-pc`,
      os: { name: 'linux', version: '6.1.0', arch: 'arm64' },
      ipAddresses: ['10.78.0.5'],
      inventory: { polishRun: system.runId },
    });
    ({ browser, page } = await openBrowser());
    await signIn(page, consoleServer.url, system.adminToken);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await consoleServer?.stop();
    await system?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('puts the checkboxes of the new package form beside their labels', async () => {
    await page.getByRole('button', { name: 'New package' }).click();
    const form = page.getByRole('form', { name: 'New package' });
    expect(await expectCheckboxesBesideLabels(form)).toBe(2);
    await shot('01-new-package');
    await page.getByLabel('Name *', { exact: true }).fill('Polish Tool');
    await page.getByRole('button', { name: 'Create package' }).click();
    await page.waitForURL(/\/packages\/[A-Z0-9]{3}[0-9A-F]{5}$/);
    packageId = page.url().split('/').pop() as string;
  });

  it('puts the checkboxes of the new program form beside their labels and offers Linux on any architecture', async () => {
    await page.getByRole('button', { name: 'New program' }).click();
    const form = page.getByRole('form', { name: 'New program' });
    expect(await expectCheckboxesBesideLabels(form)).toBe(4);
    await page.getByLabel('Name *', { exact: true }).fill('Install');
    await page.getByLabel('Command line *').fill('./install.sh');
    await page.getByLabel(/Only on these/).check();
    await form.getByLabel('OS').selectOption('linux');
    await form.getByLabel('Architecture').selectOption({ label: 'any architecture' });
    await shot('02-new-program');
    await page.getByRole('button', { name: 'Create program' }).click();
    await page.getByRole('cell', { name: './install.sh', exact: true }).waitFor();
    const program = await adminApi(system).get<{ platforms: unknown }>(`${system.urls.catalog}/api/v1/packages/${packageId}/programs/Install`);
    expect(program.platforms).toEqual([{ os: 'linux', arch: 'any' }]);
  });

  it('tells which version an upload becomes: 1 first, then the next', async () => {
    writePackageFolder(folder(), '1.0', { dataFiles: 3 });
    await page.getByTestId('folder-input').setInputFiles(folder());
    await page.getByText('5 files', { exact: false }).waitFor();
    expect(await page.locator('.upload-summary p').first().textContent()).toMatch(/ready to upload as version 1\.$/);
    await page.getByRole('button', { name: 'Upload and publish' }).click();
    await page.getByText(/^Published version 1: 5 files/).waitFor();

    await page.getByTestId('folder-input').setInputFiles(folder());
    await page.getByText(/ready to upload as version 2\.$/).waitFor();
    expect(await page.getByText('next', { exact: true }).count()).toBe(0);
    await shot('03-upload-next');
  });

  it('puts the checkboxes of the new distribution point form beside their labels', async () => {
    await nav('Distribution');
    await page.getByRole('button', { name: 'New distribution point' }).click();
    const form = page.getByRole('form', { name: 'New distribution point' });
    expect(await expectCheckboxesBesideLabels(form)).toBe(2);
    await page.getByLabel('Name *', { exact: true }).fill(dpName);
    await page.getByLabel('S3 endpoint *').fill(system.dpEndpoints[0]);
    await page.getByLabel('Bucket *').fill(`${system.runId}-${dpName}`);
    await page.getByLabel('Access key *').fill(system.s3.accessKey);
    await page.getByLabel('Secret key *').fill(system.s3.secretKey);
    await shot('04-new-dp');
    await page.getByRole('button', { name: 'Test connection and add' }).click();
    await page.getByRole('rowheader', { name: dpName }).waitFor();
  });

  it('draws a full bar the full length of its track, and shows how few bytes a new version moved', async () => {
    await page.goto(`${consoleServer.url}/packages/${packageId}`);
    await page.getByRole('button', { name: 'Distribute to…' }).click();
    await page.getByLabel(dpName).check();
    await page.getByRole('button', { name: 'Distribute', exact: true }).click();
    const board = page.getByRole('table', { name: `Distribution status of ${packageId}` });
    // Never 0 B / 0 B: until a worker measured the version the cell says it waits.
    expect(await board.locator('.progress-cell').first().textContent()).not.toContain('0 B of 0 B');
    await board.locator('tr[data-state="INSTALLED"]').waitFor({ timeout: 90_000 });

    const bar = board.getByRole('progressbar', { name: `${dpName} bytes copied` });
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    const track = await boxOf(bar);
    const fill = await boxOf(bar.locator('.progress-fill'));
    expect({ left: fill.x - track.x, width: fill.width - track.width }).toEqual({ left: 0, width: 0 });
    expect(track.width).toBeGreaterThan(60);
    expect(await board.locator('.progress-cell').textContent()).not.toContain('transferred');
    await shot('05-distributed-v1');

    // A new version that changes one small file: the DP holds the rest, so only that file travels.
    writeFileSync(join(folder(), 'version.txt'), '2.0\n');
    await page.getByTestId('folder-input').setInputFiles(folder());
    await page.getByRole('button', { name: 'Upload and publish' }).click();
    await page.getByText(/^Published version 2: 5 files/).waitFor();
    const status = await waitFor(
      async () => {
        const { items } = await adminApi(system).get<{ items: { state: string; installedVersion: number | null; bytesTotal: number; bytesCopied: number }[] }>(
          `${system.urls.replication}/api/v1/packages/${packageId}/distribution-status`,
        );
        return items[0]?.state === 'INSTALLED' && items[0].installedVersion === 2 ? items[0] : undefined;
      },
      90_000,
      'version 2 on the DP',
      500,
    );
    expect(status.bytesCopied).toBeGreaterThan(0);
    expect(status.bytesCopied).toBeLessThan(status.bytesTotal / 10);
    const cell = board.locator('tr[data-state="INSTALLED"] .progress-cell');
    await cell.getByText(/transferred; the DP had the rest$/).waitFor({ timeout: 30_000 });
    expect(await cell.textContent()).toContain(`${status.bytesCopied} B transferred; the DP had the rest`);
    const fullAgain = await boxOf(bar.locator('.progress-fill'));
    expect(fullAgain.width).toBe((await boxOf(bar)).width);
    await shot('06-distributed-v2-delta');
  });

  it("names the packages on a DP's board", async () => {
    await nav('Distribution');
    await page.getByRole('row', { name: new RegExp(dpName) }).getByRole('button', { name: 'Packages' }).click();
    const dpBoard = page.getByRole('table', { name: `Packages on ${dpName}` });
    await dpBoard.getByRole('rowheader', { name: `Polish Tool ${packageId}` }).waitFor();
  });

  it('points at the value that lost its opening quote, and drops a refusal once the query is fixed', async () => {
    await agent.once();
    await nav('Collections');
    await page.getByRole('button', { name: 'New collection' }).click();
    await page.getByLabel('Name *', { exact: true }).fill('Polish computers');
    await page.getByLabel('Rule name').fill('this run');
    const bad = `inventory.polishRun = ${system.runId}'`;
    await page.getByLabel('Query expression').fill(bad);
    const marker = page.locator('.query-marker');
    await marker.waitFor();
    const caretLine = ((await marker.textContent()) as string).split('\n')[1];
    expect(caretLine.indexOf('^')).toBe(bad.indexOf(system.runId));
    expect(await page.locator('.query-check .field-error').textContent()).toContain(`an opening quote (') before ${system.runId}`);

    await page.getByRole('button', { name: 'Create collection' }).click();
    const refusal = page.locator('.alert-error', { hasText: 'Could not create the collection' });
    await refusal.waitFor();
    await shot('07-query-refused');
    await page.getByLabel('Query expression').fill(`inventory.polishRun = '${system.runId}'`);
    await page.getByText(`Valid · matches 1 client, e.g. ${agent.identity.name}`).waitFor();
    expect(await refusal.count()).toBe(0);
    await page.getByRole('button', { name: 'Create collection' }).click();
    await page.waitForURL(/\/collections\/[A-Z0-9]{3}[0-9A-F]{5}$/);
    collectionId = page.url().split('/').pop() as string;
    clientId = await waitFor(
      async () => (await adminApi(system).get<{ items: { id: string }[] }>(`${system.urls.targeting}/api/v1/collections/${collectionId}/members`)).items[0]?.id,
      30_000,
      'the agent in the collection',
    );
  });

  it('puts the checkboxes of the new advertisement form beside their labels and lists advertisements by name', async () => {
    await nav('Advertisements');
    await page.getByRole('button', { name: 'New advertisement' }).click();
    const form = page.getByRole('form', { name: 'New advertisement' });
    await page.getByLabel('Package *').locator(`option[value="${packageId}"]`).waitFor({ state: 'attached' });
    expect(await expectCheckboxesBesideLabels(form)).toBe(6);
    await shot('08-new-advertisement');
    await page.getByLabel('Name *', { exact: true }).fill('Polish Tool to this run');
    await page.getByLabel('Package *').selectOption(packageId);
    await page.getByLabel('Program *').locator('option[value="Install"]').waitFor({ state: 'attached' });
    await page.getByLabel('Program *').selectOption('Install');
    await page.getByLabel('Collection *').selectOption(collectionId);
    await page.getByRole('button', { name: 'Create advertisement' }).click();
    await page.waitForURL(/\/advertisements\/[A-Z0-9]{3}[0-9A-F]{5}$/);
    const advertisementId = page.url().split('/').pop() as string;

    // The Explain summary names the computer and says what its own ✔/✘ list says.
    await page.getByLabel('Client', { exact: true }).fill(clientId);
    await page.getByRole('button', { name: 'Explain', exact: true }).click();
    const summary = page.locator('.explain-summary');
    await summary.getByText(agent.identity.name, { exact: false }).waitFor();
    const failed = await page.locator('.checks .check-fail').allTextContents();
    const text = (await summary.textContent()) as string;
    expect(text.startsWith(`${agent.identity.name} (${clientId})`)).toBe(true);
    if (failed.length === 0) expect(text).toContain('gets this advertisement');
    else for (const line of failed) expect(text).toContain(`✘ ${line.slice(2).split(':')[0]}`);
    expect(await page.locator('.checks li', { hasText: 'platform' }).textContent()).toBe(`✔ platform: linux/arm64 6.1.0 matches linux/any`);
    await shot('09-explain');

    await nav('Advertisements');
    const row = page.getByRole('row', { name: new RegExp(advertisementId) });
    // The names come from one list of each, which may answer after the advertisements.
    await row.locator('td', { hasText: `Polish Tool ${packageId} · Install` }).waitFor();
    await row.locator('td', { hasText: `Polish computers ${collectionId}` }).waitFor();
    await shot('10-advertisements');
  });
});
