import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsObject, IsString, Length, Matches, Max, Min } from 'class-validator';
import { SafeText } from '@sdp/service';

export class CreateMaintenanceWindowDto {
  @ApiProperty({ example: 'Weeknights' })
  @IsString()
  @Length(1, 255)
  @SafeText({ required: true })
  name!: string;

  @ApiProperty({ example: '2026-03-02T22:00:00+01:00', description: 'First start; its time of day and offset apply to every recurrence' })
  @IsISO8601({ strict: true })
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'start must carry a time zone offset' })
  start!: string;

  @ApiProperty({ minimum: 1, maximum: 1440 })
  @IsInt()
  @Min(1)
  @Max(1440)
  durationMinutes!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { type: 'weekly', days: ['monday', 'friday'] },
    description: "{type:'none'} | {type:'daily'} | {type:'weekly', days:[monday..sunday]} | {type:'monthly', day:1..31}",
  })
  @IsObject()
  recurrence!: Record<string, unknown>;
}
