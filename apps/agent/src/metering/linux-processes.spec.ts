import { parsePasswd, realUidOf, startTicksOf } from './linux-processes';

describe('reading /proc', () => {
  it('takes the start time from field 22 of stat, whatever the command name holds', () => {
    const stat = '4242 (my (odd) prog) S 1 4242 4242 0 -1 4194560 120 0 0 0 3 1 0 0 20 0 1 0 987654 12345678 300 18446744073709551615';
    expect(startTicksOf(stat)).toBe(987654);
  });

  it('takes the real user ID of status', () => {
    expect(realUidOf('Name:\tbash\nUid:\t1000\t1001\t1000\t1000\nGid:\t1000\n')).toBe('1000');
    expect(realUidOf('Name:\tbash\n')).toBeUndefined();
  });

  it('maps user IDs to names from /etc/passwd, the first name of an ID winning', () => {
    const names = parsePasswd('root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\nalias:x:1000:1000::/:/bin/sh\n# comment\n\n');
    expect(Object.fromEntries(names)).toEqual({ '0': 'root', '1000': 'alice' });
  });
});
