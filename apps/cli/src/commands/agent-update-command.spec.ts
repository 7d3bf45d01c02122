import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../core/api-client';
import type { CommandContext, Terminal } from '../core/command';
import { CliError, UsageError } from '../core/errors';
import { DEFAULT_SETTINGS } from '../core/settings';
import { inputOf } from '../test-support/values-of';
import { agentExecutablesIn, agentPublishUpdateCommand } from './agent-update-command';

describe('sdp agent publish-update', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'agent-build-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  /** The command against services that must not be reached: each case here is refused before any request. */
  function run(argv: string[]) {
    const requested: string[] = [];
    const fetchImpl = (async (url: URL) => {
      requested.push(String(url));
      return new Response('{}', { status: 500 });
    }) as unknown as typeof fetch;
    const terminal: Terminal = { write: () => undefined, isTTY: false };
    const context: CommandContext = {
      api: new ApiClient(DEFAULT_SETTINGS, fetchImpl),
      settings: DEFAULT_SETTINGS,
      json: false,
      env: {},
      stdout: terminal,
      stderr: terminal,
      signal: new AbortController().signal,
    };
    return { requested, done: agentPublishUpdateCommand.run(context, inputOf(argv)) };
  }

  it('finds one executable per platform by the build names, and nothing else', async () => {
    for (const name of ['sdp-agent-linux-x64', 'sdp-agent-linux-arm64', 'sdp-agent-win-x64.exe', 'sdp-agent-darwin-arm64', 'SHA256SUMS', 'sdp-agent-linux-ppc64']) {
      await writeFile(join(folder, name), '');
    }
    expect(await agentExecutablesIn(folder)).toEqual([
      { file: 'sdp-agent-darwin-arm64', platform: { os: 'macos', arch: 'arm64' }, label: 'macos-arm64' },
      { file: 'sdp-agent-linux-arm64', platform: { os: 'linux', arch: 'arm64' }, label: 'linux-arm64' },
      { file: 'sdp-agent-linux-x64', platform: { os: 'linux', arch: 'x64' }, label: 'linux-x64' },
      { file: 'sdp-agent-win-x64.exe', platform: { os: 'windows', arch: 'x64' }, label: 'windows-x64' },
    ]);
  });

  it('refuses a folder without executables, before asking any service', async () => {
    await writeFile(join(folder, 'readme.txt'), '');
    const { requested, done } = run(['agent', 'publish-update', folder]);
    await expect(done).rejects.toThrow(new CliError(`${folder} holds no agent executable (sdp-agent-<os>-<arch>[.exe]); build them first (see "Install the agent" in the README)`));
    expect(requested).toEqual([]);
  });

  it('refuses a malformed --agent-version, and an executable whose --version is not a version', async () => {
    await writeFile(join(folder, 'sdp-agent-windows-x64.exe'), '');
    await expect(run(['agent', 'publish-update', folder, '--agent-version', 'latest']).done).rejects.toThrow(UsageError);
    await expect(run(['agent', 'publish-update', folder]).done).rejects.toThrow('none of the executables runs on this computer to say its version: give --agent-version');
    if (process.platform === 'linux' && process.arch === 'x64') {
      await writeFile(join(folder, 'sdp-agent-linux-x64'), '#!/bin/sh\necho hello\n', { mode: 0o755 });
      await expect(run(['agent', 'publish-update', folder]).done).rejects.toThrow('sdp-agent-linux-x64 --version printed "hello", not a version');
    }
  });
});
