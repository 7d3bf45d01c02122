import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateAdvertisementDto } from './create-advertisement.dto';

/** PATCH: any subset of the fields but the phases, which are fixed at creation (the rollout has its own controls). */
export class UpdateAdvertisementDto extends PartialType(OmitType(CreateAdvertisementDto, ['phases'] as const), { skipNullProperties: false }) {}
