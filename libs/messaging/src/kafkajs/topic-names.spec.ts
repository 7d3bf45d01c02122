import { TopicNames } from './topic-names';

describe('TopicNames', () => {
  it('puts the prefix in front of every platform topic and takes it off again', () => {
    const names = new TopicNames('run42.');
    expect(names.physical('sdp.catalog.packages.v1')).toBe('run42.sdp.catalog.packages.v1');
    expect(names.logical('run42.sdp.catalog.packages.v1')).toBe('sdp.catalog.packages.v1');
  });

  it('leaves names alone without a prefix', () => {
    const names = new TopicNames();
    expect(names.physical('sdp.catalog.packages.v1')).toBe('sdp.catalog.packages.v1');
    expect(names.logical('sdp.catalog.packages.v1')).toBe('sdp.catalog.packages.v1');
  });
});
