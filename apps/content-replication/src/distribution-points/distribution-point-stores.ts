import { Injectable } from '@nestjs/common';
import { ContentStore } from '@sdp/storage';
import { SecretCipher } from '../secrets/secret-cipher';

export interface DistributionPointConnection {
  endpoint: string;
  publicEndpoint: string;
  bucket: string;
  region: string;
  accessKey: string;
  secretKeyEncrypted: string;
}

/** Opens a DP's bucket as a ContentStore; the only place a DP secret is decrypted. */
@Injectable()
export class DistributionPointStores {
  constructor(private readonly cipher: SecretCipher) {}

  open(dp: DistributionPointConnection): ContentStore {
    return new ContentStore({
      endpoint: dp.endpoint,
      publicEndpoint: dp.publicEndpoint,
      bucket: dp.bucket,
      region: dp.region,
      accessKey: dp.accessKey,
      secretKey: this.cipher.decrypt(dp.secretKeyEncrypted),
    });
  }

  /** Proves endpoint and credentials work and creates the bucket if missing; rejects with the reason. */
  async check(dp: DistributionPointConnection, timeoutMs: number): Promise<void> {
    const store = this.open(dp);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([store.ensureBucket(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** An S3 or network error as one line an administrator can act on, never with credentials. */
export function describeStoreError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const message = error.message.replace(/\s+/g, ' ').trim();
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
