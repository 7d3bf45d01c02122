import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientAuth, Public, ThrottleAuthFailures } from '@sdp/auth';
import { ClientData } from '@sdp/contracts';
import { Page } from '@sdp/service';
import { ClientsService } from './clients.service';
import { ListClientsQueryDto } from './dto/list-clients.query';
import { RegisterClientDto, RegistrationResultDto } from './dto/register-client.dto';
import { UpdateClientDto } from './dto/update-client.dto';
import { UpdateInventoryDto } from './dto/update-inventory.dto';

const clientId = new ParseUUIDPipe({ version: undefined });

@ApiTags('clients')
@ApiBearerAuth()
@Controller('api/v1/clients')
export class ClientsController {
  constructor(private readonly clients: ClientsService) {}

  @Post('register')
  @Public()
  @ThrottleAuthFailures()
  @ApiOperation({ summary: 'Register (or re-register) a client with the enrollment secret; returns its token' })
  register(@Body() body: RegisterClientDto): Promise<RegistrationResultDto> {
    return this.clients.register(body);
  }

  @Put(':id/inventory')
  @ClientAuth()
  @ApiOperation({ summary: 'Replace the inventory the client reports (client token)' })
  updateInventory(@Param('id', clientId) id: string, @Body() body: UpdateInventoryDto): Promise<ClientData> {
    return this.clients.updateInventory(id, body);
  }

  @Post(':id/heartbeat')
  @ClientAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Record that the client is alive (client token); publishes nothing' })
  heartbeat(@Param('id', clientId) id: string): Promise<void> {
    return this.clients.heartbeat(id);
  }

  @Get()
  @ApiOperation({ summary: 'List clients, optionally filtered by a query expression' })
  list(@Query() query: ListClientsQueryDto): Promise<Page<ClientData>> {
    return this.clients.list(query.query, query.limit, query.cursor);
  }

  @Get(':id')
  get(@Param('id', clientId) id: string): Promise<ClientData> {
    return this.clients.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Approve or block a client' })
  update(@Param('id', clientId) id: string, @Body() body: UpdateClientDto): Promise<ClientData> {
    return this.clients.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  delete(@Param('id', clientId) id: string): Promise<void> {
    return this.clients.delete(id);
  }
}
