import { TOPICS } from '@sdp/contracts';
import { ServiceTestKit } from '@sdp/testing';
import { AppModule } from '../app.module';
import { loadMeteringConfig } from '../config';

/** The real metering service on the local stack, reading targeting's client events. */
export type MeteringTestKit = ServiceTestKit;

export const MeteringTestKit = {
  /** `env` adds to the service's environment, e.g. `SDP_ADMIN_TOKENS` for role tests. */
  start: (env: NodeJS.ProcessEnv = {}): Promise<MeteringTestKit> =>
    ServiceTestKit.start(
      {
        service: 'metering',
        databasePrefix: 'metering_test',
        loadConfig: loadMeteringConfig,
        rootModule: (config, logger) => AppModule.forRoot(config, logger),
        consumedTopics: { 'targeting-clients': [TOPICS.targetingClients] },
      },
      env,
    ),
};
