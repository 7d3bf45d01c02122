import { Inject, Injectable } from '@nestjs/common';
import { ruleViolation, SERVICE_CONFIG } from '@sdp/service';
import { CatalogConfig } from '../config';
import { SecretBox } from './secret-box';
import { describeLocation, directoryUnderRoot, LocationRefused, SourceLocationInput, StoredSourceLocation } from './source-location';

export interface EncodedLocation {
  stored: StoredSourceLocation;
  /** What PackageData.sourceLocation shows. */
  description: string;
}

/** Turns a location an administrator sends into what is stored, and back into S3 credentials when reading. */
@Injectable()
export class SourceLocationCodec {
  private readonly secrets: SecretBox;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: CatalogConfig) {
    this.secrets = new SecretBox(config.CATALOG_SECRET_ENCRYPTION_KEY);
  }

  encode(input: SourceLocationInput): EncodedLocation {
    let stored: StoredSourceLocation;
    if (input.type === 'directory') {
      try {
        stored = { type: 'directory', path: directoryUnderRoot(this.config.CATALOG_SOURCE_ROOT, input.path) };
      } catch (error) {
        if (error instanceof LocationRefused) throw ruleViolation('sourceLocation', error.message);
        throw error;
      }
    } else {
      const { secretKey, ...rest } = input;
      stored = { ...rest, sealedSecretKey: this.secrets.seal(secretKey) };
    }
    return { stored, description: describeLocation(stored) };
  }

  secretKeyOf(location: Extract<StoredSourceLocation, { type: 's3' }>): string {
    return this.secrets.open(location.sealedSecretKey);
  }
}
