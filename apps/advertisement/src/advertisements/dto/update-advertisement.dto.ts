import { PartialType } from '@nestjs/swagger';
import { CreateAdvertisementDto } from './create-advertisement.dto';

/** PATCH: any subset of the fields. */
export class UpdateAdvertisementDto extends PartialType(CreateAdvertisementDto, { skipNullProperties: false }) {}
