import { Module } from '@nestjs/common';
import { DistributionRows } from './distribution-rows';

@Module({ providers: [DistributionRows], exports: [DistributionRows] })
export class DistributionRowsModule {}
