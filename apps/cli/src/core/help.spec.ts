import { COMMANDS } from '../commands';
import { helpText } from './help';
import { usageLine } from './parse';

describe('helpText', () => {
  it('lists every command with its usage, the global options and the exit codes', () => {
    const text = helpText(COMMANDS, []);
    for (const spec of COMMANDS) expect(text).toContain(usageLine(spec));
    expect(text).toContain('--catalog-url URL');
    expect(text).toMatch(/Exit codes: 0 success; 1 .*\n2 usage error/);
  });

  it('lists only the commands of a group', () => {
    const text = helpText(COMMANDS, ['dp', 'group']);
    expect(text).toContain('sdp dp group create NAME --member DP');
    expect(text).not.toContain('sdp dp add');
  });

  it("shows one command's options", () => {
    const text = helpText(COMMANDS, ['program', 'add']);
    expect(text.split('\n')[0]).toMatch(/^Usage: sdp program add ID --name N --command/);
    expect(text).toMatch(/--platform SPEC\s+any, or OS\/ARCH/);
    expect(text).toContain('--json');
  });
});
