import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Services share nothing but Kafka topics and libs/: the lint rule must reject an app importing
// another app and a lib importing an app, and accept an app importing a lib.
const root = join(__dirname, '../..');

interface LintMessage {
  ruleId: string | null;
  message: string;
}

// The ESLint CLI rather than its API: the flat config is an ES module, which Jest's VM cannot load.
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const lint = spawnSync(
    join(root, 'node_modules/.bin/eslint'),
    ['--format', 'json', '--stdin', '--stdin-filename', join(root, filePath)],
    { cwd: root, input: code, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } },
  );
  const [result] = JSON.parse(lint.stdout) as { messages: LintMessage[] }[];
  return result.messages.filter((message) => message.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
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

  it('accepts an app importing a lib through its alias', async () => {
    const errors = await boundaryErrors(
      'apps/catalog/src/probe.ts',
      "import { loadConfig } from '@sdp/config';\nexport const probe = loadConfig;\n",
    );
    expect(errors).toEqual([]);
  }, 60_000);
});
