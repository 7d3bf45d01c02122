import { redactUrlSecrets } from './logger';

describe('redactUrlSecrets', () => {
  it('blanks the values of query parameters that carry secrets, whatever their case or spelling', () => {
    expect(redactUrlSecrets('/api/v1/policy?access_token=eyJhbGciOi.x.y&limit=5')).toBe('/api/v1/policy?access_token=[redacted]&limit=5');
    expect(redactUrlSecrets('/x?ACCESS-TOKEN=a&accessToken=b&Token=c&enrollment_secret=d&X-Amz-Signature=e')).toBe(
      '/x?ACCESS-TOKEN=[redacted]&accessToken=[redacted]&Token=[redacted]&enrollment_secret=[redacted]&X-Amz-Signature=[redacted]',
    );
    expect(redactUrlSecrets('/x?access%5Ftoken=a')).toBe('/x?access%5Ftoken=[redacted]');
  });

  it('leaves URLs without secrets as they are', () => {
    expect(redactUrlSecrets('/api/v1/packages')).toBe('/api/v1/packages');
    expect(redactUrlSecrets('/api/v1/packages?q=token&cursor=abc')).toBe('/api/v1/packages?q=token&cursor=abc');
    expect(redactUrlSecrets('/x?access_token')).toBe('/x?access_token');
    expect(redactUrlSecrets('/x?%E0%A4%A=1')).toBe('/x?%E0%A4%A=1');
  });
});
