import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ClientAdvertisementsPage } from '@sdp/contracts';
import { uuidParam } from '@sdp/service';
import { CLIENT_ADVERTISEMENTS_LIMIT, ClientAdvertisementsService } from './client-advertisements.service';

const OUTPUT_DOC = {
  type: 'object',
  nullable: true,
  properties: { stdout: { type: 'string' }, stderr: { type: 'string' }, truncated: { type: 'boolean' } },
};

@ApiTags('status')
@ApiBearerAuth()
@Controller('api/v1/clients/:clientId/advertisements')
export class ClientAdvertisementsController {
  constructor(private readonly clientAdvertisements: ClientAdvertisementsService) {}

  /** Viewer role (a GET); client tokens are refused. */
  @Get()
  @ApiOkResponse({
    description: `Every advertisement of the system (at most ${CLIENT_ADVERTISEMENTS_LIMIT}, by name): whether it applies to the client and why not (as Explain says it), the client's last state, message and package version, and its last failure with the program output`,
    schema: {
      type: 'object',
      required: ['clientId', 'items'],
      properties: {
        clientId: { type: 'string', format: 'uuid' },
        items: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              advertisementId: { type: 'string' },
              advertisementName: { type: 'string' },
              packageId: { type: 'string' },
              packageName: { type: 'string', nullable: true },
              programName: { type: 'string' },
              applies: { type: 'boolean' },
              reason: { type: 'string', nullable: true },
              state: { type: 'string', nullable: true },
              messageId: { type: 'integer', nullable: true },
              messageText: { type: 'string', nullable: true },
              packageVersion: { type: 'integer', nullable: true },
              lastReportAt: { type: 'string', format: 'date-time', nullable: true },
              lastFailure: {
                type: 'object',
                nullable: true,
                properties: {
                  at: { type: 'string', format: 'date-time' },
                  state: { type: 'string' },
                  messageId: { type: 'integer', nullable: true },
                  messageText: { type: 'string', nullable: true },
                  exitCode: { type: 'integer', nullable: true },
                  detail: { type: 'string', nullable: true },
                  packageVersion: { type: 'integer', nullable: true },
                  output: OUTPUT_DOC,
                },
              },
            },
          },
        },
      },
    },
  })
  @ApiNotFoundResponse({ description: 'CLIENT_NOT_FOUND: the advertisement service has not heard of the client (yet)' })
  list(@Param('clientId', uuidParam()) clientId: string): Promise<ClientAdvertisementsPage> {
    return this.clientAdvertisements.forClient(clientId);
  }
}
