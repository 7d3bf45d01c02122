import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { SafeText } from '@sdp/service';

export const OS_NAMES = ['windows', 'linux', 'macos'] as const;
export const CPU_ARCHES = ['x86', 'x64', 'arm64'] as const;

export class ClientOsDto {
  @ApiProperty({ enum: OS_NAMES })
  @IsIn(OS_NAMES)
  name!: (typeof OS_NAMES)[number];

  @ApiProperty({ example: '10.0.19045', description: 'Compared as a dotted version' })
  @IsString()
  @Length(1, 64)
  @SafeText({ required: true })
  version!: string;

  @ApiProperty({ enum: CPU_ARCHES })
  @IsIn(CPU_ARCHES)
  arch!: (typeof CPU_ARCHES)[number];
}
