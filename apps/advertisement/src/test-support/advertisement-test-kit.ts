import { TOPICS } from '@sdp/contracts';
import { ServiceTestKit } from '@sdp/testing';
import { AppModule } from '../app.module';
import { loadAdvertisementConfig } from '../config';

/** The real advertisement service on the local stack, reading catalog's, targeting's and content-replication's topics. */
export type AdvertisementTestKit = ServiceTestKit;

export const AdvertisementTestKit = {
  /** `env` adds to the service's environment, e.g. `SDP_ADMIN_TOKENS` for role tests. */
  start: (env: NodeJS.ProcessEnv = {}): Promise<AdvertisementTestKit> =>
    ServiceTestKit.start(
      {
        service: 'advertisement',
        databasePrefix: 'advertisement_test',
        loadConfig: loadAdvertisementConfig,
        rootModule: (config, logger) => AppModule.forRoot(config, logger),
        consumedTopics: {
          catalog: [TOPICS.catalogPackages],
          targeting: [TOPICS.targetingClients, TOPICS.targetingCollections, TOPICS.targetingMembership],
          replication: [TOPICS.replicationPackageStatus, TOPICS.replicationDistributionPoints],
        },
      },
      env,
    ),
};
