import { DynamicModule, Global, Module } from '@nestjs/common';
import { ADVERTISEMENT_CONFIG, AdvertisementConfig } from './config';
import { CONSUMER_GROUP_PREFIX } from './knowledge/consumer-group';

/** The loaded configuration, for every feature module. */
@Global()
@Module({})
export class SettingsModule {
  static forRoot(config: AdvertisementConfig): DynamicModule {
    return {
      module: SettingsModule,
      providers: [
        { provide: ADVERTISEMENT_CONFIG, useValue: config },
        { provide: CONSUMER_GROUP_PREFIX, useValue: config.KAFKA_CONSUMER_GROUP_PREFIX },
      ],
      exports: [ADVERTISEMENT_CONFIG, CONSUMER_GROUP_PREFIX],
    };
  }
}
