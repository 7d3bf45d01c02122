import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Services share nothing but Kafka topics and libs/: the lint rule must reject an app importing
// another app and a lib importing an app, and accept an app importing a lib. bench/ and tools/
// may import an app only through its test-support entry point, and no app may import that.
const root = join(__dirname, '../..');

interface LintMessage {
  ruleId: string | null;
  message: string;
}

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };

// The ESLint CLI rather than its API: the flat config is an ES module, which Jest's VM cannot load.
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'lint-probe-'));
  try {
    const report = join(dir, 'report.json');
    spawnSync(
      join(root, 'node_modules/.bin/eslint'),
      ['--format', 'json', '--output-file', report, '--stdin', '--stdin-filename', join(root, filePath)],
      { cwd: root, input: code, encoding: 'utf8', env },
    );
    const [result] = JSON.parse(readFileSync(report, 'utf8')) as { messages: LintMessage[] }[];
    return result.messages.filter((message) => message.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('module boundaries', () => {
  // The rule reads Nx's cached project graph and silently skips itself without one (a fresh
  // clone has none): `npm run lint` computes it first, and so does this test.
  beforeAll(() => {
    const graph = spawnSync(join(root, 'node_modules/.bin/nx'), ['show', 'projects'], { cwd: root, env, encoding: 'utf8' });
    expect(graph.status).toBe(0);
  }, 120_000);

  it('rejects an app importing another app', async () => {
    const errors = await boundaryErrors(
      'apps/catalog/src/probe.ts',
      "import { loadTargetingConfig } from '../../targeting/src/config';\nexport const probe = loadTargetingConfig;\n",
    );
    expect(errors).toHaveLength(1);
  }, 60_000);

  it('rejects a lib importing an app', async () => {
    const errors = await boundaryErrors(
      'libs/config/src/probe.ts',
      "import { AppModule } from '../../../apps/catalog/src/app.module';\nexport const probe = AppModule;\n",
    );
    expect(errors).toHaveLength(1);
  }, 60_000);

  it('rejects bench importing an app file', async () => {
    const errors = await boundaryErrors(
      'bench/probe.bench.ts',
      "import { compileQuery } from '../apps/targeting/src/query';\nexport const probe = compileQuery;\n",
    );
    expect(errors).toHaveLength(1);
  }, 60_000);

  it('rejects a tool importing an app file', async () => {
    const errors = await boundaryErrors(
      'tools/deploy/probe.ts',
      "import { loadCatalogConfig } from '../../apps/catalog/src/config';\nexport const probe = loadCatalogConfig;\n",
    );
    expect(errors).toHaveLength(1);
  }, 60_000);

  it('accepts bench importing an app through its test-support entry point', async () => {
    const errors = await boundaryErrors(
      'bench/probe.bench.ts',
      "import { compileQuery } from '@sdp/targeting/test-support';\nexport const probe = compileQuery;\n",
    );
    expect(errors).toEqual([]);
  }, 60_000);

  it("rejects an app importing another app's test-support entry point", async () => {
    const errors = await boundaryErrors(
      'apps/catalog/src/probe.ts',
      "import { compileQuery } from '@sdp/targeting/test-support';\nexport const probe = compileQuery;\n",
    );
    expect(errors).toHaveLength(1);
  }, 60_000);

  it('accepts an app importing a lib through its alias', async () => {
    const errors = await boundaryErrors(
      'apps/catalog/src/probe.ts',
      "import { loadConfig } from '@sdp/config';\nexport const probe = loadConfig;\n",
    );
    expect(errors).toEqual([]);
  }, 60_000);
});
