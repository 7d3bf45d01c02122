import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientAuth, Public, ThrottleAuthFailures } from '@sdp/auth';
import { ClientData } from '@sdp/contracts';
import { Page } from '@sdp/service';
import { ClientsService } from './clients.service';
import { ListClientsQueryDto } from './dto/list-clients.query';
import { PendingRegistrationDto, RegisterClientDto, RegistrationResultDto } from './dto/register-client.dto';
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
  @ApiOperation({
    summary: 'Register (or re-register) a client with an enrollment secret; returns its token, or 202 while the client waits for approval',
  })
  @ApiCreatedResponse({ type: RegistrationResultDto })
  @ApiAcceptedResponse({ type: PendingRegistrationDto, description: 'Pending: no token until an administrator approves the client' })
  async register(@Body() body: RegisterClientDto, @Res({ passthrough: true }) response: { status(code: number): unknown }): Promise<RegistrationResultDto | PendingRegistrationDto> {
    const result = await this.clients.register(body);
    if ('status' in result) {
      response.status(HttpStatus.ACCEPTED);
    }
    return result;
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
  @ApiOperation({ summary: 'Approve (a pending client gets its token when it registers again) or block a client' })
  update(@Param('id', clientId) id: string, @Body() body: UpdateClientDto): Promise<ClientData> {
    return this.clients.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  delete(@Param('id', clientId) id: string): Promise<void> {
    return this.clients.delete(id);
  }
}
