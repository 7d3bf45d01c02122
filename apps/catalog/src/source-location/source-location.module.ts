import { Module } from '@nestjs/common';
import { PackagesModule } from '../packages/packages.module';
import { SourceModule } from '../source/source.module';
import { SourceRefreshController } from './source-refresh.controller';
import { SourceRefreshScheduler } from './source-refresh.scheduler';
import { SourceRefreshService } from './source-refresh.service';

@Module({ imports: [PackagesModule, SourceModule], controllers: [SourceRefreshController], providers: [SourceRefreshService, SourceRefreshScheduler] })
export class SourceLocationModule {}
