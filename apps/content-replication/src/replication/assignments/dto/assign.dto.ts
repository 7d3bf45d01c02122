import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, Matches } from 'class-validator';
import { OptionalField } from '@sdp/service';

const NAME_PATTERN = /^[a-z0-9-]{1,63}$/;

export class AssignPackageDto {
  @ApiPropertyOptional({ type: [String], description: 'Distribution point names' })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @Matches(NAME_PATTERN, { each: true, message: 'each distribution point name must be 1 to 63 lower-case letters, digits or hyphens' })
  distributionPoints?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Distribution point group names; later members receive the package too' })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @Matches(NAME_PATTERN, { each: true, message: 'each group name must be 1 to 63 lower-case letters, digits or hyphens' })
  groups?: string[];
}
