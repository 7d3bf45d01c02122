import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AdvertisementData } from '@sdp/contracts';
import { Page, PageQueryDto } from '@sdp/service';
import { AdvertisementsService } from './advertisements.service';
import { CreateAdvertisementDto } from './dto/create-advertisement.dto';
import { UpdateAdvertisementDto } from './dto/update-advertisement.dto';
import { AdvertisementIdPipe } from './advertisement-id.pipe';

@ApiTags('advertisements')
@ApiBearerAuth()
@Controller('api/v1/advertisements')
export class AdvertisementsController {
  constructor(private readonly advertisements: AdvertisementsService) {}

  @Post()
  create(@Body() dto: CreateAdvertisementDto): Promise<AdvertisementData> {
    return this.advertisements.create(dto);
  }

  @Get()
  list(@Query() query: PageQueryDto): Promise<Page<AdvertisementData>> {
    return this.advertisements.list(query.limit, query.cursor);
  }

  @Get(':id')
  get(@Param('id', AdvertisementIdPipe) id: string): Promise<AdvertisementData> {
    return this.advertisements.get(id);
  }

  @Patch(':id')
  update(@Param('id', AdvertisementIdPipe) id: string, @Body() dto: UpdateAdvertisementDto): Promise<AdvertisementData> {
    return this.advertisements.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', AdvertisementIdPipe) id: string): Promise<void> {
    return this.advertisements.remove(id);
  }
}
