import { PartialType } from '@nestjs/swagger';
import { CreatePackageDto } from './create-package.dto';

/** Only the fields sent change. */
export class UpdatePackageDto extends PartialType(CreatePackageDto, { skipNullProperties: false }) {}
