import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MaintenanceWindowData } from '@sdp/contracts';
import { CreateMaintenanceWindowDto } from './dto/create-maintenance-window.dto';
import { MaintenanceWindowsService } from './maintenance-windows.service';

@ApiTags('maintenance windows')
@ApiBearerAuth()
@Controller('api/v1/collections/:id/maintenance-windows')
export class MaintenanceWindowsController {
  constructor(private readonly windows: MaintenanceWindowsService) {}

  @Post()
  @ApiOperation({ summary: 'Add a maintenance window to a collection; published with the collection' })
  create(@Param('id') id: string, @Body() body: CreateMaintenanceWindowDto): Promise<MaintenanceWindowData> {
    return this.windows.create(id, body);
  }

  @Get()
  list(@Param('id') id: string): Promise<MaintenanceWindowData[]> {
    return this.windows.list(id);
  }

  @Get(':windowId')
  get(@Param('id') id: string, @Param('windowId') windowId: string): Promise<MaintenanceWindowData> {
    return this.windows.get(id, windowId);
  }

  @Delete(':windowId')
  @HttpCode(204)
  delete(@Param('id') id: string, @Param('windowId') windowId: string): Promise<void> {
    return this.windows.delete(id, windowId);
  }
}
