import { spawn } from 'node:child_process';
import { userInfo } from 'node:os';
import { listMacosProcesses, parsePsOutput } from './macos-processes';

// `ps -axo pid=,lstart=,user=,comm=` on macOS 14 in the C locale: launchd, a daemon by numeric
// user ID, an application whose path has spaces, and a login shell.
const PS = [
  '    1 Mon Mar  2 07:58:11 2026 root             /sbin/launchd',
  '  312 Mon Mar  2 07:58:20 2026 _windowserver    /System/Library/PrivateFrameworks/SkyLight.framework/Resources/WindowServer',
  '  498 Mon Mar  2 07:58:31 2026 502              /usr/libexec/secd',
  ' 4242 Tue Mar 10 08:12:01 2026 alice            /Applications/Microsoft Word.app/Contents/MacOS/Microsoft Word',
  '13570 Tue Mar 10 09:01:59 2026 alice            -zsh',
  '',
].join('\n');

describe('reading ps on macOS', () => {
  it('takes the pid, the local start time, the user and the executable name of its full path', () => {
    expect(parsePsOutput(PS)).toEqual([
      { pid: 1, startedAt: new Date(2026, 2, 2, 7, 58, 11).getTime(), name: 'launchd', user: 'root' },
      { pid: 312, startedAt: new Date(2026, 2, 2, 7, 58, 20).getTime(), name: 'WindowServer', user: '_windowserver' },
      { pid: 498, startedAt: new Date(2026, 2, 2, 7, 58, 31).getTime(), name: 'secd', user: '502' },
      { pid: 4242, startedAt: new Date(2026, 2, 10, 8, 12, 1).getTime(), name: 'Microsoft Word', user: 'alice' },
      { pid: 13570, startedAt: new Date(2026, 2, 10, 9, 1, 59).getTime(), name: '-zsh', user: 'alice' },
    ]);
  });

  it('leaves out lines that do not read as a process', () => {
    expect(parsePsOutput('')).toEqual([]);
    expect(parsePsOutput('  PID STARTED USER COMM\n  12 Mon Foo  2 07:58:11 2026 root /sbin/x\n')).toEqual([]);
  });

  it('runs ps without a shell; procps on this Linux machine prints the same columns (names, not paths)', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const processes = await listMacosProcesses();
      const sleep = processes.find((process) => process.pid === child.pid);
      expect(sleep).toEqual({ pid: child.pid, startedAt: expect.any(Number), name: 'sleep', user: userInfo().username });
      expect(Math.abs(sleep!.startedAt - Date.now())).toBeLessThan(5_000);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
