import { describeLocation, directoryUnderRoot, LocationRefused, sourceLocationInputSchema } from './source-location';

describe('directoryUnderRoot', () => {
  it('keeps paths under the root, relative and /-separated', () => {
    expect(directoryUnderRoot('/srv/sources', 'office/2024')).toBe('office/2024');
    expect(directoryUnderRoot('/srv/sources', '/srv/sources/office')).toBe('office');
    expect(directoryUnderRoot('/srv/sources', './office/')).toBe('office');
  });

  it.each(['../etc', 'office/../../etc', '/etc/passwd', '/srv/sources-other/x', 'a\\..\\..\\b'])('refuses %s', (path) => {
    expect(() => directoryUnderRoot('/srv/sources', path)).toThrow(LocationRefused);
  });
});

describe('source locations', () => {
  it('describes a location without its secret', () => {
    expect(describeLocation({ type: 's3', endpoint: 'http://s3.local:9000/', bucket: 'b', prefix: 'apps/x/', accessKey: 'a', sealedSecretKey: 'v1.x' })).toBe(
      'http://s3.local:9000/b/apps/x/',
    );
    expect(describeLocation({ type: 'directory', path: 'office' })).toBe('directory:office');
  });

  it('accepts the two shapes and refuses unknown fields', () => {
    expect(sourceLocationInputSchema.safeParse({ type: 'directory', path: 'x' }).success).toBe(true);
    expect(sourceLocationInputSchema.safeParse({ type: 's3', endpoint: 'http://127.0.0.1:9000', bucket: 'b', prefix: '', accessKey: 'a', secretKey: 's' }).success).toBe(true);
    expect(sourceLocationInputSchema.safeParse({ type: 'directory', path: 'x', extra: 1 }).success).toBe(false);
    expect(sourceLocationInputSchema.safeParse({ type: 'ftp', path: 'x' }).success).toBe(false);
  });
});
