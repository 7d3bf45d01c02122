import { Module } from '@nestjs/common';
import { PackagesController } from './packages.controller';
import { PackagesService } from './packages.service';
import { SourceLocationCodec } from '../source-location/source-location-codec';

@Module({
  controllers: [PackagesController],
  providers: [PackagesService, SourceLocationCodec],
  exports: [PackagesService, SourceLocationCodec],
})
export class PackagesModule {}
