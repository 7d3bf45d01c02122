import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The e2e tests run the services, agent, CLI and console as built for production; Nx's cache makes a rebuild cheap. */
export default function buildServices(): void {
  const root = join(__dirname, '../..');
  execFileSync(
    join(root, 'node_modules/.bin/nx'),
    ['run-many', '-t', 'build', '-p', 'catalog,content-replication,targeting,advertisement,metering,agent,cli,console', '--parallel=2', '--output-style=static'],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } },
  );
  // The agent as the single executable that the installers hold (found up to date when built before).
  execFileSync(process.execPath, [join(root, 'tools/agent-build/build-agent.mjs'), '--platform', 'linux-x64'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
}
