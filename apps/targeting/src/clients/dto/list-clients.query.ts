import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto, OptionalField } from '@sdp/service';
import { IsString, MaxLength } from 'class-validator';
import { CLIENT_APPROVALS, CLIENT_SORTS, CLIENT_SORT_ORDERS, MAX_CLIENT_IDS } from '../client-list-filter';

/**
 * The filters are plain text here and read by parseClientListFilter: a value of the right type
 * that is no allowed value (an unknown OS, a sort column, a time) is 422 naming the parameter.
 */
export class ListClientsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: "Query expression, e.g. os.name = 'windows' AND os.version >= '10.0.19041'" })
  @OptionalField()
  @IsString()
  @MaxLength(8192)
  query?: string;

  @ApiPropertyOptional({ description: 'Text contained in the name, without regard to case', maxLength: 255 })
  @OptionalField()
  @IsString()
  @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({ description: 'os.name: windows, linux or macos' })
  @OptionalField()
  @IsString()
  @MaxLength(255)
  os?: string;

  @ApiPropertyOptional({ description: 'Only members of this collection', example: 'SMS00001' })
  @OptionalField()
  @IsString()
  @MaxLength(255)
  collectionId?: string;

  @ApiPropertyOptional({ description: 'Only clients of this site', example: 'S01' })
  @OptionalField()
  @IsString()
  @MaxLength(255)
  siteCode?: string;

  @ApiPropertyOptional({ description: 'Only clients last seen at or after this ISO-8601 time' })
  @OptionalField()
  @IsString()
  @MaxLength(255)
  lastSeenAfter?: string;

  @ApiPropertyOptional({ description: 'Only clients last seen before this ISO-8601 time' })
  @OptionalField()
  @IsString()
  @MaxLength(255)
  lastSeenBefore?: string;

  @ApiPropertyOptional({ enum: CLIENT_APPROVALS, description: 'approved (and not blocked), pending (neither approved nor blocked, conflicting registrations too) or blocked' })
  @OptionalField()
  @IsString()
  @MaxLength(255)
  approval?: string;

  @ApiPropertyOptional({ description: `Only these clients: up to ${MAX_CLIENT_IDS} IDs separated by commas (one request for the names of a table's clients)` })
  @OptionalField()
  @IsString()
  @MaxLength(MAX_CLIENT_IDS * 37)
  ids?: string;

  @ApiPropertyOptional({ enum: CLIENT_SORTS, description: 'Sort column (name without regard to case); default the ID' })
  @OptionalField()
  @IsString()
  @MaxLength(255)
  sort?: string;

  @ApiPropertyOptional({ enum: CLIENT_SORT_ORDERS, default: 'asc' })
  @OptionalField()
  @IsString()
  @MaxLength(255)
  order?: string;
}
