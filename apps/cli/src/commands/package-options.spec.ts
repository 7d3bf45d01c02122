import { inputOf } from '../test-support/values-of';
import { createDpBody, updateDpBody } from './dp-options';
import { createPackageBody, updatePackageBody } from './package-options';

describe('package options', () => {
  it('maps create options, hasSource false only with --no-source', () => {
    const { values } = inputOf(['package', 'create', '--name', 'Reader', '--version', '11.2', '--manufacturer', 'Contoso', '--language', 'en', '--priority', 'high', '--persist-in-cache']);
    expect(createPackageBody(values)).toEqual({ name: 'Reader', version: '11.2', manufacturer: 'Contoso', language: 'en', priority: 'high', persistInCache: true });
    expect(createPackageBody(inputOf(['package', 'create', '--name', 'Script', '--no-source']).values)).toEqual({ name: 'Script', hasSource: false });
  });

  it('refuses a create without a name, a bad priority, and an empty update', () => {
    expect(() => createPackageBody(inputOf(['package', 'create', '--version', '1']).values)).toThrow('--name is required');
    expect(() => createPackageBody(inputOf(['package', 'create', '--name', 'x', '--priority', 'urgent']).values)).toThrow('--priority must be one of high, medium, low');
    expect(() => updatePackageBody(inputOf(['package', 'update', 'S0100001']).values)).toThrow('nothing to change');
    expect(updatePackageBody(inputOf(['package', 'update', 'S0100001', '--no-persist-in-cache']).values)).toEqual({ persistInCache: false });
  });
});

describe('dp options', () => {
  const base = ['dp', 'add', 'dp-berlin', '--endpoint', 'http://s3:9101', '--bucket', 'sdp-berlin', '--access-key', 'ak'];

  it('maps dp add options', () => {
    const { args, values } = inputOf([...base, '--secret-key', 'sk', '--site', 's01', '--boundary', '10.1.0.0/16', '--boundary', '10.2.0.0/16', '--protected', '--rate-limit', '1048576', '--max-concurrent-transfers', '4']);
    expect(createDpBody(args[0], values, {})).toEqual({
      name: 'dp-berlin',
      endpoint: 'http://s3:9101',
      bucket: 'sdp-berlin',
      accessKey: 'ak',
      secretKey: 'sk',
      siteCode: 'S01',
      boundaries: ['10.1.0.0/16', '10.2.0.0/16'],
      protected: true,
      rateLimitBytesPerSec: 1048576,
      maxConcurrentTransfers: 4,
    });
  });

  it('takes the secret from SDP_DP_SECRET_KEY when no flag gives it, and requires one', () => {
    expect(createDpBody('dp-berlin', inputOf(base).values, { SDP_DP_SECRET_KEY: 'from-env' }).secretKey).toBe('from-env');
    expect(() => createDpBody('dp-berlin', inputOf(base).values, {})).toThrow('--secret-key (or SDP_DP_SECRET_KEY) is required');
    expect(() => createDpBody('dp-berlin', inputOf(['dp', 'add', 'x', '--secret-key', 's']).values, {})).toThrow('--endpoint is required');
  });

  it('changes only what an update names', () => {
    expect(updateDpBody(inputOf(['dp', 'update', 'dp-berlin', '--disable', '--rate-limit', 'unlimited', '--unprotected']).values)).toEqual({
      enabled: false,
      rateLimitBytesPerSec: null,
      protected: false,
    });
  });
});
