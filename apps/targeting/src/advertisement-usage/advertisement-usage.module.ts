import { Module } from '@nestjs/common';
import { AdvertisementUsageConsumer } from './advertisement-usage.consumer';

@Module({ providers: [AdvertisementUsageConsumer] })
export class AdvertisementUsageModule {}
