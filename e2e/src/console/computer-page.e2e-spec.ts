import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { TestAgent } from '../agent-process';
import { RunningSystem, startSystem } from '../system';
import { AdminFlow, runsOf, waitFor, writePackageFolder } from '../whole-system/flow';
import { ConsoleProcess, openBrowser, signIn, startConsole } from './console-process';

// Computers by name in the console (issue 16), in the machine's Chromium against the real system and
// real agents: find a computer by part of its name, its page (collections, advertisements with state,
// version and a failed run's output), and its name in a direct rule and in Explain.
const SCREENSHOTS = join(__dirname, '../../../tmp/test-results/console');

/** What the failing program writes before it gives up: the page must show it as text, markup included. */
const FAILURE_STDOUT = 'copying files for 1.0';
const FAILURE_STDERR = 'disk full: cannot write /opt/tool <b>now</b>';

describe('computers by name in the web console, in a real browser', () => {
  let system: RunningSystem;
  let consoleServer: ConsoleProcess;
  let browser: Browser;
  let page: Page;
  let workDir: string;
  let alpha: TestAgent;
  let beta: TestAgent;
  let flow: AdminFlow;
  let inAlphaCollection: string;
  let worksAd: string;
  let failsAd: string;
  const browserErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const nav = async (section: string) => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section }).click();
    await page.getByRole('heading', { level: 1, name: section }).waitFor();
  };
  const clientLinks = () => page.getByRole('table', { name: 'Clients' }).getByRole('link').allTextContents();

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    system = await startSystem();
    consoleServer = await startConsole(system);
    workDir = mkdtempSync(join(tmpdir(), 'sdp-e2e-computer-page-'));
    flow = new AdminFlow(system);

    // One package, two programs: Install succeeds, Broken writes to both streams and exits 3.
    const folder = join(workDir, 'package');
    writePackageFolder(folder, '1.0', { dataFiles: 1 });
    writeFileSync(join(folder, 'broken.sh'), `#!/bin/sh\necho "${FAILURE_STDOUT}"\necho "${FAILURE_STDERR}" >&2\nexit 3\n`, { mode: 0o755 });
    const packageId = await flow.createPackage('Computer Page Tool');
    await flow.addProgram(packageId, { name: 'Install', commandLine: 'sh install.sh', maxRunTimeMinutes: 5 });
    await flow.addProgram(packageId, { name: 'Broken', commandLine: 'sh broken.sh', maxRunTimeMinutes: 5 });
    await flow.upload(packageId, folder);
    await flow.addDistributionPoint('dp1', 0, { boundaries: ['10.0.0.0/8'] });
    await flow.distribute(packageId, ['dp1']);
    await flow.installed(packageId, 1, ['dp1']);

    alpha = new TestAgent(system, workDir, {
      name: `${system.runId}-alpha`,
      os: { name: 'linux', version: '6.1.0', arch: 'x64' },
      ipAddresses: ['10.2.0.10'],
      inventory: { pageRun: `alpha-${system.runId}`, department: 'Finance', software: [{ name: 'Firefox', version: '128.0', publisher: 'Mozilla', source: 'dpkg' }] },
    });
    beta = new TestAgent(system, workDir, { name: `${system.runId}-beta`, os: { name: 'linux', version: '6.1.0', arch: 'x64' }, ipAddresses: ['10.2.0.11'], inventory: { pageRun: `beta-${system.runId}` } });
    for (const agent of [alpha, beta]) expect((await agent.once()).code).toBe(0);

    inAlphaCollection = await flow.queryCollection('Alpha computers', `inventory.pageRun = 'alpha-${system.runId}'`);
    const betaCollection = await flow.queryCollection('Beta computers', `inventory.pageRun = 'beta-${system.runId}'`);
    await flow.waitForMembers(inAlphaCollection, 1);
    await flow.waitForMembers(betaCollection, 1);
    worksAd = await flow.advertise({ name: 'Works on alpha', packageId, program: 'Install', collectionId: inAlphaCollection, mandatory: [{ type: 'asap' }] });
    failsAd = await flow.advertise({ name: 'Fails on alpha', packageId, program: 'Broken', collectionId: inAlphaCollection, mandatory: [{ type: 'asap' }] });
    await flow.advertise({ name: 'Only for beta', packageId, program: 'Install', collectionId: betaCollection });

    // The real agent runs both programs and reports: one success, one failure with its output.
    await waitFor(
      async () => {
        await alpha.once();
        const [works, fails] = await Promise.all([flow.status(worksAd), flow.status(failsAd)]);
        return works.items[0]?.deliveryState === 'SUCCEEDED' && fails.items[0]?.deliveryState === 'FAILED' ? true : undefined;
      },
      150_000,
      'alpha to run both advertised programs',
      1000,
    );
    expect(runsOf(alpha)).toEqual(['ran 1.0']);

    ({ browser, page } = await openBrowser(900));
    page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => browserErrors.push(`${page.url()}: ${error.message}`));
    await signIn(page, consoleServer.url, system.adminToken);
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await consoleServer?.stop();
    await system?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('finds a computer by typing part of its name', async () => {
    await nav('Clients');
    await page.getByRole('link', { name: beta.identity.name }).waitFor();
    expect((await clientLinks()).sort()).toEqual([alpha.identity.name, beta.identity.name].sort());

    await page.getByLabel('Name', { exact: true }).pressSequentially('-alp');
    await page.getByRole('link', { name: beta.identity.name }).waitFor({ state: 'detached' });
    expect(await clientLinks()).toEqual([alpha.identity.name]);
    await shot('20-clients-by-name');
  });

  it("opens the computer's page: its collections, advertisements with state and version, and a failed run's output", async () => {
    await page.getByRole('link', { name: alpha.identity.name }).click();
    await page.getByRole('heading', { level: 1, name: alpha.identity.name }).waitFor();

    const collections = page.getByRole('table', { name: 'Collections of the computer' });
    const collectionRow = collections.getByRole('row', { name: /Alpha computers/ });
    await collectionRow.waitFor();
    expect(await collectionRow.textContent()).toContain(`inventory.pageRun = 'alpha-${system.runId}'`);
    expect(await collections.getByRole('row', { name: /Beta computers/ }).count()).toBe(0);

    const ads = page.getByRole('table', { name: 'Advertisements for the computer' });
    const works = ads.locator('tr[data-state="SUCCEEDED"]', { hasText: 'Works on alpha' });
    await works.waitFor();
    expect(await works.textContent()).toContain('v1');
    const fails = ads.locator('tr[data-state="FAILED"]', { hasText: 'Fails on alpha' });
    expect(await fails.textContent()).toContain('v1');
    expect(await ads.locator('tr[data-applies="false"]', { hasText: 'Only for beta' }).textContent()).toContain('Does not apply');

    const output = page.getByRole('group', { name: 'Output of the last failure of Fails on alpha' });
    expect(await output.getByLabel('stdout').textContent()).toContain(FAILURE_STDOUT);
    expect(await output.getByLabel('stderr').textContent()).toContain(FAILURE_STDERR);
    // The markup the program printed is text on the page, not an element.
    expect(await output.locator('b').count()).toBe(0);
    expect(await page.getByText(/exit code 3/).first().isVisible()).toBe(true);

    await page.getByRole('button', { name: 'History of Fails on alpha' }).click();
    await page.locator('.history').getByText('FAILED', { exact: true }).first().waitFor();

    // The inventory in sections: the reported software in its table, the rest as custom fields.
    await page.getByRole('table', { name: 'Installed software' }).getByRole('cell', { name: 'Firefox' }).waitFor();
    expect(await page.locator('dl[aria-label="Custom fields"]').textContent()).toContain('Finance');
    await shot('21-computer-page');

    // Re-run the failed advertisement on this computer: the agent runs it again and the page shows the new report.
    await page.getByRole('button', { name: 'Re-run Fails on alpha' }).click();
    await page.getByText(`${alpha.identity.name} will run Fails on alpha again at its next policy check.`).waitFor();
    const clientId = await idOf(alpha);
    const failedRuns = async () =>
      (await flow.api.get<{ items: { state: string }[] }>(`${system.urls.advertisement}/api/v1/advertisements/${failsAd}/status/clients/${clientId}/history?limit=100`)).items.filter((entry) => entry.state === 'FAILED').length;
    const before = await failedRuns();
    await waitFor(
      async () => {
        await alpha.once();
        return (await failedRuns()) > before ? true : undefined;
      },
      90_000,
      'alpha to run the failed advertisement again',
      1000,
    );
  });

  it("adds a direct rule by the computer's name and explains membership by name", async () => {
    await nav('Collections');
    await page.getByRole('button', { name: 'New collection' }).click();
    await page.getByLabel('Name *', { exact: true }).fill('Picked by name');
    await page.getByLabel('Rule 1 type').selectOption('direct');
    // Names match without regard to case.
    await page.getByLabel('Computer', { exact: true }).fill(alpha.identity.name.toUpperCase());
    await page.getByText(`✓ ${alpha.identity.name}`).waitFor();
    await page.getByRole('button', { name: 'Create collection' }).click();
    await page.waitForURL(/\/collections\/[A-Z0-9]{3}[0-9A-F]{5}$/);
    await page.getByRole('table', { name: 'Members' }).getByRole('link', { name: alpha.identity.name }).waitFor();
    // The rule shows the computer by its name.
    await page.getByRole('region', { name: 'Rules' }).getByRole('link', { name: alpha.identity.name }).waitFor();

    await page.getByLabel('Client', { exact: true }).fill(alpha.identity.name);
    await page.getByText(`✓ ${alpha.identity.name}`).waitFor();
    await page.getByRole('button', { name: 'Explain', exact: true }).click();
    const answer = page.locator('.explain');
    await answer.locator('.explain-summary', { hasText: `${alpha.identity.name} (${await idOf(alpha)}) is a member` }).waitFor();
    // The direct rule names the computer, linking to its page.
    const directRule = answer.locator('.check-pass', { hasText: 'direct:' });
    await directRule.getByRole('link', { name: alpha.identity.name }).waitFor();
    expect(await directRule.textContent()).toContain(`direct: ${alpha.identity.name}`);

    // A name no computer has is refused inline; its lookup's 404 is the one failed request Chromium logs.
    const errorsBefore = browserErrors.length;
    await page.getByLabel('Client', { exact: true }).fill(`${system.runId}-nobody`);
    await page.getByText(`No computer is named “${system.runId}-nobody” or has that ID.`).waitFor();
    expect(await page.getByRole('button', { name: 'Explain', exact: true }).isDisabled()).toBe(true);
    // The answer about alpha went with alpha's name.
    expect(await answer.count()).toBe(0);
    expect(browserErrors.splice(errorsBefore)).toEqual([expect.stringContaining('404 (Not Found)')]);
    await shot('22-direct-rule-by-name');
  });

  it('refuses a name two computers have, listing them to pick from', async () => {
    const betaId = await idOf(beta);
    // Another computer (its own data directory and hardware) that took beta's name.
    const twinDir = join(workDir, 'twin');
    mkdirSync(twinDir);
    const twin = new TestAgent(system, twinDir, { name: beta.identity.name, hardwareId: `hw-twin-${system.runId}`, os: { name: 'linux', version: '6.1.0', arch: 'x64' }, ipAddresses: ['10.2.0.12'] });
    expect((await twin.once()).code).toBe(0);

    const errorsBefore = browserErrors.length;
    await page.getByLabel('Client', { exact: true }).fill(beta.identity.name);
    await page.getByText(`2 computers are named “${beta.identity.name}”: pick one.`).waitFor();
    // The lookup's 409 is the one failed request Chromium logs.
    expect(browserErrors.splice(errorsBefore)).toEqual([expect.stringContaining('409 (Conflict)')]);
    expect(await page.getByRole('button', { name: 'Explain', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: `Use ${beta.identity.name}` }).count()).toBe(2);
    await page.getByRole('button', { name: `Use ${beta.identity.name} ${betaId}` }).click();
    await page.getByText(`✓ ${beta.identity.name}`).waitFor();
    await page.getByRole('button', { name: 'Explain', exact: true }).click();
    await page.locator('.explain-summary', { hasText: `${beta.identity.name} (${betaId}) is not a member` }).waitFor();
    await shot('23-ambiguous-name');
  });

  it('wrote nothing to the browser console', () => {
    expect(browserErrors).toEqual([]);
  });

  /** An agent's client ID, as targeting knows it by name. */
  async function idOf(agent: TestAgent): Promise<string> {
    const client = await flow.api.get<{ id: string }>(`${system.urls.targeting}/api/v1/clients/resolve?ref=${encodeURIComponent(agent.identity.name)}`);
    return client.id;
  }
});
