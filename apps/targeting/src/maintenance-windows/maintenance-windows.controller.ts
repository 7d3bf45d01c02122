import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IN_USE_CONFLICT_SCHEMA } from '@sdp/service';
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
  @ApiNotFoundResponse({ description: 'COLLECTION_NOT_FOUND' })
  @ApiBadRequestResponse({ description: 'MAINTENANCE_WINDOW_INVALID: e.g. a monthly recurrence on day 32; MAINTENANCE_WINDOW_LIMIT_REACHED; VALIDATION_FAILED' })
  @ApiUnprocessableEntityResponse({ description: 'COLLECTION_READ_ONLY: a built-in collection' })
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
  @ApiOperation({ summary: 'Delete a maintenance window no advertisement keeps to' })
  @ApiNotFoundResponse({ description: 'COLLECTION_NOT_FOUND or MAINTENANCE_WINDOW_NOT_FOUND' })
  @ApiConflictResponse({
    description: 'MAINTENANCE_WINDOW_IN_USE: an advertisement targets the collection without ignoreMaintenanceWindows: the message names them; set it on them or retarget them first',
    schema: IN_USE_CONFLICT_SCHEMA,
  })
  delete(@Param('id') id: string, @Param('windowId') windowId: string): Promise<void> {
    return this.windows.delete(id, windowId);
  }
}
