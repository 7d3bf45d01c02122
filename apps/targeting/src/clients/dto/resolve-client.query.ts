import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ResolveClientQueryDto {
  @ApiProperty({ description: "A client's name (exact, without regard to case) or ID", example: 'ws-0042' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  ref!: string;
}
