import { Module } from '@nestjs/common';
import { PackagesModule } from '../packages/packages.module';
import { ProgramsModule } from '../programs/programs.module';
import { PackageDefinitionsController } from './package-definitions.controller';
import { PackageDefinitionsService } from './package-definitions.service';

@Module({ imports: [PackagesModule, ProgramsModule], controllers: [PackageDefinitionsController], providers: [PackageDefinitionsService] })
export class PackageDefinitionsModule {}
