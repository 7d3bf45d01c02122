import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ClientKeyProof } from '@sdp/contracts';

const PUBLIC_KEY_FORMAT = /^[A-Za-z0-9_-]{43}$/;
const SIGNATURE_FORMAT = /^[A-Za-z0-9_-]{86}$/;
const MAX_CHALLENGE_LENGTH = 1024;

/** A challenge from POST /api/v1/clients/challenge, signed with the client's key. */
export class ClientKeyProofDto implements ClientKeyProof {
  @ApiProperty({ description: 'The challenge exactly as POST /api/v1/clients/challenge returned it; good for one proof, for two minutes' })
  @IsString()
  @MaxLength(MAX_CHALLENGE_LENGTH)
  challenge!: string;

  @ApiProperty({
    description: 'Ed25519 signature, base64url, of the UTF-8 bytes "sdp-client-key-proof-v1\\n" followed by the challenge',
    example: 'q3bX…',
  })
  @IsString()
  @Matches(SIGNATURE_FORMAT, { message: 'signature must be a 64-byte Ed25519 signature in base64url (86 characters)' })
  signature!: string;
}

export class ClientPublicKeyFields {
  @ApiProperty({ description: "The client's Ed25519 public key: its 32 raw bytes in base64url (43 characters), as in an OKP JWK's x" })
  @IsString()
  @Matches(PUBLIC_KEY_FORMAT, { message: 'publicKey must be a 32-byte Ed25519 public key in base64url (43 characters)' })
  publicKey!: string;

  @ApiProperty({ type: ClientKeyProofDto, description: 'Proof that the caller holds the private key of publicKey' })
  @IsObject()
  @ValidateNested()
  @Type(() => ClientKeyProofDto)
  proof!: ClientKeyProofDto;
}

/** PUT /api/v1/clients/:id/key: a client registered before keys adopts one, proving it with its old token. */
export class AdoptClientKeyDto extends ClientPublicKeyFields {}

export class ClientChallengeDto {
  @ApiProperty()
  challenge!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}

export class ClientTokenDto {
  @ApiProperty({ format: 'uuid' })
  clientId!: string;

  @ApiProperty({ description: 'Client token for the client endpoints of every service' })
  token!: string;

  @ApiProperty({ format: 'date-time', description: 'When the token ends; renew it before, with POST /api/v1/clients/:id/token' })
  expiresAt!: string;
}

export const CONFLICT_RESOLUTIONS = ['merge', 'keep', 'refuse'] as const;
export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number];

export class ResolveConflictDto {
  @ApiProperty({
    enum: CONFLICT_RESOLUTIONS,
    description:
      'merge: the client it conflicts with takes this computer\'s key and report (its old tokens stop working) and this record goes; keep: both stay, as separate clients; refuse: this record is blocked',
  })
  @IsIn(CONFLICT_RESOLUTIONS)
  resolution!: ConflictResolution;
}
