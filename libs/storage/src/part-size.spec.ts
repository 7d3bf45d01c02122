import { choosePartSize, DEFAULT_PART_SIZE, MAX_PART_COUNT, MAX_PART_SIZE, MIN_PART_SIZE } from './part-size';

const MiB = 1024 * 1024;

describe('choosePartSize', () => {
  it('keeps the configured size when the object fits in 10,000 parts or its size is unknown', () => {
    expect(choosePartSize(DEFAULT_PART_SIZE)).toBe(DEFAULT_PART_SIZE);
    expect(choosePartSize(DEFAULT_PART_SIZE, 10 * 1024 * MiB)).toBe(DEFAULT_PART_SIZE);
    expect(choosePartSize(MIN_PART_SIZE, 0)).toBe(MIN_PART_SIZE);
  });

  it('grows in whole MiB until the known size fits', () => {
    const size = 200 * 1024 * MiB;
    const partSize = choosePartSize(DEFAULT_PART_SIZE, size);
    expect(partSize % MiB).toBe(0);
    expect(partSize * MAX_PART_COUNT).toBeGreaterThanOrEqual(size);
    expect((partSize - MiB) * MAX_PART_COUNT).toBeLessThan(size);
  });

  it.each([MIN_PART_SIZE - 1, MAX_PART_SIZE + 1, 5.5 * MiB + 0.5])('rejects a configured part size of %p', (partSize) => {
    expect(() => choosePartSize(partSize)).toThrow(RangeError);
  });

  it('rejects objects no multipart upload can hold', () => {
    expect(() => choosePartSize(DEFAULT_PART_SIZE, MAX_PART_SIZE * MAX_PART_COUNT + 1)).toThrow(RangeError);
  });
});
