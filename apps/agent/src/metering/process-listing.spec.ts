import { listLinuxProcesses } from './linux-processes';
import { processListerFor } from './process-listing';

describe('choosing how to list processes', () => {
  it('reads /proc on Linux as before, has a lister for macOS and Windows, and none elsewhere', () => {
    expect(processListerFor('linux')).toBe(listLinuxProcesses);
    expect(processListerFor('darwin')).toEqual(expect.any(Function));
    expect(processListerFor('win32')).toEqual(expect.any(Function));
    expect(processListerFor('aix')).toBeUndefined();
  });
});
