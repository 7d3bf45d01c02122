import { DeploymentNames } from './deployment-names';

describe('DeploymentNames', () => {
  it('puts the prefix in front of every platform topic and takes it off again', () => {
    const names = new DeploymentNames('run42.');
    expect(names.physical('sdp.catalog.packages.v1')).toBe('run42.sdp.catalog.packages.v1');
    expect(names.logical('run42.sdp.catalog.packages.v1')).toBe('sdp.catalog.packages.v1');
  });

  it('puts the same prefix in front of consumer group IDs, so two deployments never share a group', () => {
    expect(new DeploymentNames('local.').group('catalog.advertisement-usage')).toBe('local.catalog.advertisement-usage');
    expect(new DeploymentNames('run42.').group('catalog.advertisement-usage')).toBe('run42.catalog.advertisement-usage');
  });

  it('leaves names alone without a prefix', () => {
    const names = new DeploymentNames();
    expect(names.physical('sdp.catalog.packages.v1')).toBe('sdp.catalog.packages.v1');
    expect(names.logical('sdp.catalog.packages.v1')).toBe('sdp.catalog.packages.v1');
    expect(names.group('catalog.advertisement-usage')).toBe('catalog.advertisement-usage');
  });
});
