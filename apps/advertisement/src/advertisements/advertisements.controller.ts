import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { AdvertisementView } from '@sdp/contracts';
import { Page, PageQueryDto } from '@sdp/service';
import { AdvertisementsService } from './advertisements.service';
import { CreateAdvertisementDto } from './dto/create-advertisement.dto';
import { UpdateAdvertisementDto } from './dto/update-advertisement.dto';
import { AdvertisementIdPipe } from './advertisement-id.pipe';
import { ADVERTISEMENT_VIEW_OPENAPI_SCHEMA } from './advertisement-integrity';

@ApiTags('advertisements')
@ApiBearerAuth()
@Controller('api/v1/advertisements')
export class AdvertisementsController {
  constructor(private readonly advertisements: AdvertisementsService) {}

  @Post()
  @ApiCreatedResponse({ schema: ADVERTISEMENT_VIEW_OPENAPI_SCHEMA })
  @ApiUnprocessableEntityResponse({
    description:
      'A rule is broken (RULE_BROKEN), the program is disabled (PROGRAM_DISABLED), or the package, program or collection is not known here yet (REFERENCE_NOT_KNOWN_YET, with Retry-After)',
  })
  create(@Body() dto: CreateAdvertisementDto): Promise<AdvertisementView> {
    return this.advertisements.create(dto);
  }

  @Get()
  @ApiOkResponse({
    schema: { type: 'object', properties: { items: { type: 'array', items: ADVERTISEMENT_VIEW_OPENAPI_SCHEMA }, nextCursor: { type: 'string', nullable: true } } },
  })
  list(@Query() query: PageQueryDto): Promise<Page<AdvertisementView>> {
    return this.advertisements.list(query.limit, query.cursor);
  }

  @Get(':id')
  @ApiOkResponse({ schema: ADVERTISEMENT_VIEW_OPENAPI_SCHEMA })
  @ApiNotFoundResponse({ description: 'ADVERTISEMENT_NOT_FOUND' })
  get(@Param('id', AdvertisementIdPipe) id: string): Promise<AdvertisementView> {
    return this.advertisements.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ schema: ADVERTISEMENT_VIEW_OPENAPI_SCHEMA })
  @ApiNotFoundResponse({ description: 'ADVERTISEMENT_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({
    description:
      'A rule is broken (RULE_BROKEN), the program is disabled (PROGRAM_DISABLED), or the package, program or collection is not known here yet (REFERENCE_NOT_KNOWN_YET, with Retry-After)',
  })
  update(@Param('id', AdvertisementIdPipe) id: string, @Body() dto: UpdateAdvertisementDto): Promise<AdvertisementView> {
    return this.advertisements.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNotFoundResponse({ description: 'ADVERTISEMENT_NOT_FOUND' })
  remove(@Param('id', AdvertisementIdPipe) id: string): Promise<void> {
    return this.advertisements.remove(id);
  }
}
