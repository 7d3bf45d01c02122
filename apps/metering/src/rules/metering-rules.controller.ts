import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { MeteringRuleData } from '@sdp/contracts';
import { Page, PageQueryDto } from '@sdp/service';
import { CreateMeteringRuleDto, UpdateMeteringRuleDto } from './dto/metering-rule.dto';
import { MeteringRuleIdPipe } from './metering-rule-id.pipe';
import { MeteringRulesService } from './metering-rules.service';

/** The rule as carried by sdp.metering.rules.v1 (see the AsyncAPI document). */
export const RULE_SCHEMA = {
  type: 'object',
  description: 'The metering rule as carried by sdp.metering.rules.v1 (see the AsyncAPI document)',
  properties: {
    id: { type: 'string', example: 'S0100001' },
    productName: { type: 'string', example: 'Contoso Word 16' },
    fileName: { type: 'string', nullable: true, example: 'WINWORD.EXE' },
    originalFileName: { type: 'string', nullable: true },
    fileVersion: { type: 'string', example: '16.*' },
    language: { type: 'string', nullable: true },
    installedSoftwareName: { type: 'string', nullable: true, example: 'Contoso Word 16*', description: 'Installed software name pattern (* and ?); null: the product name' },
    platforms: { oneOf: [{ type: 'string', enum: ['any'] }, { type: 'array', items: { type: 'object' } }] },
    site: { type: 'string', nullable: true },
    licencesOwned: { type: 'integer', minimum: 0 },
    enabled: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};
const INVALID = 'METERING_RULE_INVALID: no executable named, a malformed version or installed name pattern or language, negative licences, bad platforms; details name the field';

/** Rules: viewers read them, operators create and change them, admins delete them (the method's default roles). */
@ApiTags('metering rules')
@ApiBearerAuth()
@Controller('api/v1/metering/rules')
export class MeteringRulesController {
  constructor(private readonly rules: MeteringRulesService) {}

  @Post()
  @ApiCreatedResponse({ schema: RULE_SCHEMA })
  @ApiUnprocessableEntityResponse({ description: INVALID })
  create(@Body() dto: CreateMeteringRuleDto): Promise<MeteringRuleData> {
    return this.rules.create(dto);
  }

  @Get()
  @ApiOkResponse({ schema: { type: 'object', properties: { items: { type: 'array', items: RULE_SCHEMA }, nextCursor: { type: 'string', nullable: true } } } })
  list(@Query() query: PageQueryDto): Promise<Page<MeteringRuleData>> {
    return this.rules.list(query.limit, query.cursor);
  }

  @Get(':id')
  @ApiOkResponse({ schema: RULE_SCHEMA })
  @ApiNotFoundResponse({ description: 'METERING_RULE_NOT_FOUND' })
  get(@Param('id', MeteringRuleIdPipe) id: string): Promise<MeteringRuleData> {
    return this.rules.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ schema: RULE_SCHEMA })
  @ApiNotFoundResponse({ description: 'METERING_RULE_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({ description: INVALID })
  update(@Param('id', MeteringRuleIdPipe) id: string, @Body() dto: UpdateMeteringRuleDto): Promise<MeteringRuleData> {
    return this.rules.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNotFoundResponse({ description: 'METERING_RULE_NOT_FOUND' })
  remove(@Param('id', MeteringRuleIdPipe) id: string): Promise<void> {
    return this.rules.remove(id);
  }
}
