import { formatBytes, formatDuration, formatRate, progressBar, uploadProgressLine } from './format';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [5 * 1024 * 1024, '5.0 MiB'],
    [3.25 * 1024 ** 3, '3.3 GiB'],
  ])('%d bytes is %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('progress', () => {
  it('draws a bar with the percentage and never overflows', () => {
    expect(progressBar(0, 100, 10)).toBe('[----------]   0%');
    expect(progressBar(50, 100, 10)).toBe('[#####-----]  50%');
    expect(progressBar(150, 100, 10)).toBe('[##########] 100%');
    expect(progressBar(5, 0, 10)).toBe('[----------]   0%');
  });

  it('gives the rate per second of the elapsed time', () => {
    expect(formatRate(2 * 1024 * 1024, 2000)).toBe('1.0 MiB/s');
    expect(formatRate(100, 0)).toBe('0 B/s');
  });

  it('puts bar, bytes and rate on the upload line', () => {
    expect(uploadProgressLine(512 * 1024, 1024 * 1024, 1000)).toBe('[##########----------]  50% 512.0 KiB / 1.0 MiB  512.0 KiB/s');
  });

  it('formats durations for the final line', () => {
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(12_340)).toBe('12.3 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });
});
