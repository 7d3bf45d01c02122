import { Module } from '@nestjs/common';
import { CollectionsModule } from '../collections/collections.module';
import { MaintenanceWindowsController } from './maintenance-windows.controller';
import { MaintenanceWindowsService } from './maintenance-windows.service';

@Module({
  imports: [CollectionsModule],
  controllers: [MaintenanceWindowsController],
  providers: [MaintenanceWindowsService],
})
export class MaintenanceWindowsModule {}
