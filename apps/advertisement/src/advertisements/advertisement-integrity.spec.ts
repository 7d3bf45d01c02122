import { integrityOf } from './advertisement-integrity';

describe('advertisement integrity', () => {
  const advertisement = { packageId: 'S0100001', program: 'Install', collectionId: 'S0100004' };
  const nothingGone = { package_gone: false, program_gone: false, collection_gone: false };

  it('is intact while everything it names is known', () => {
    expect(integrityOf(advertisement, nothingGone)).toEqual({ broken: false, brokenReason: null });
  });

  it('names what was deleted', () => {
    expect(integrityOf(advertisement, { ...nothingGone, collection_gone: true })).toEqual({ broken: true, brokenReason: 'collection S0100004 was deleted' });
    expect(integrityOf(advertisement, { ...nothingGone, program_gone: true })).toEqual({
      broken: true,
      brokenReason: 'program Install of package S0100001 was deleted',
    });
  });

  it('names a deleted package alone, not its programs too, and every reason there is', () => {
    expect(integrityOf(advertisement, { package_gone: true, program_gone: true, collection_gone: true })).toEqual({
      broken: true,
      brokenReason: 'package S0100001 was deleted; collection S0100004 was deleted',
    });
  });
});
