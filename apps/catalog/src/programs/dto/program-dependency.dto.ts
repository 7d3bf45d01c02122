import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, MaxLength, MinLength } from 'class-validator';
import { SafeText } from '@sdp/service';

export class ProgramDependencyDto {
  @ApiProperty({ example: 'S0100001' })
  @IsString()
  @MaxLength(8)
  packageId!: string;

  @ApiProperty({ example: 'Install' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  @SafeText({ required: true })
  program!: string;

  @ApiProperty({ description: 'true: runs before every run; false: runs only if it never succeeded on that client' })
  @IsBoolean()
  alwaysRunFirst!: boolean;
}
