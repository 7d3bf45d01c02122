import { AdvertisementIdPipe } from './advertisement-id.pipe';

describe('AdvertisementIdPipe', () => {
  const pipe = new AdvertisementIdPipe();

  it('passes an ID that can exist', () => {
    expect(pipe.transform('S0100A2F')).toBe('S0100A2F');
  });

  it('answers an ID that cannot exist with ADVERTISEMENT_NOT_FOUND', () => {
    expect(() => pipe.transform('not-an-id')).toThrow(expect.objectContaining({ code: 'ADVERTISEMENT_NOT_FOUND', kind: 'not-found', message: 'advertisement not-an-id not found' }));
  });
});
