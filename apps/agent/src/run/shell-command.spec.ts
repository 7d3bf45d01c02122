import { shellInvocation } from './shell-command';

describe('platform shell', () => {
  it('runs through sh -c on Unix systems', () => {
    expect(shellInvocation('linux', 'echo "hi" && exit 3', {})).toEqual({ file: '/bin/sh', args: ['-c', 'echo "hi" && exit 3'], verbatim: false });
    expect(shellInvocation('darwin', 'true', {}).file).toBe('/bin/sh');
  });

  it('runs through cmd.exe /d /s /c with the line passed verbatim on Windows', () => {
    expect(shellInvocation('win32', 'setup.exe /q', { ComSpec: 'C:\\Windows\\system32\\cmd.exe' })).toEqual({
      file: 'C:\\Windows\\system32\\cmd.exe',
      args: ['/d', '/s', '/c', '"setup.exe /q"'],
      verbatim: true,
    });
  });
});
