import { join } from 'node:path';
import { isSafeRelativePath, resolveInside, resolveWorkingDirectory, UnsafePathError } from './path-safety';

describe('manifest path safety', () => {
  it.each(['setup.sh', 'bin/tool', 'a/b/c.txt', 'dotted.name/..file', 'Café/readme'])('accepts %j', (path) => {
    expect(isSafeRelativePath(path)).toBe(true);
  });

  it.each([
    '',
    '/etc/passwd',
    '../x',
    'a/../../x',
    'a//b',
    'a/./b',
    'a/',
    'C:/Windows',
    'a\\..\\b',
    'nul\u0000byte',
    'line\nbreak',
    'Cafe\u0301/decomposed',
  ])('rejects %j', (path) => {
    expect(isSafeRelativePath(path)).toBe(false);
  });

  it('resolves safe paths inside the root and throws for the rest', () => {
    expect(resolveInside('/cache/pkg', 'bin/tool')).toBe(join('/cache/pkg', 'bin', 'tool'));
    expect(() => resolveInside('/cache/pkg', '../escape')).toThrow(UnsafePathError);
  });

  it('resolves working directories, empty meaning the package root', () => {
    expect(resolveWorkingDirectory('/cache/pkg', '')).toBe('/cache/pkg');
    expect(resolveWorkingDirectory('/cache/pkg', 'setup\\x64\\')).toBe(join('/cache/pkg', 'setup', 'x64'));
    expect(() => resolveWorkingDirectory('/cache/pkg', '../other')).toThrow(UnsafePathError);
  });
});
