import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ReadinessCheck } from '@sdp/observability';
import { ContentStore } from './content-store';
import { S3Endpoint } from './s3-endpoint';

/** Injection token of the site's source store (`sdp-source`): package bytes and manifests. */
export const SOURCE_STORE = Symbol('SOURCE_STORE');

const BUCKET_RETRY_MS = 5000;

/**
 * Creates the source bucket once the service is up, retrying while S3 is unreachable so a
 * service started before its store still comes up (and reports not-ready until then).
 */
@Injectable()
class SourceBucketInitializer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SourceStore');
  private timer?: NodeJS.Timeout;

  constructor(@Inject(SOURCE_STORE) private readonly store: ContentStore) {}

  onApplicationBootstrap(): void {
    void this.ensure();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
  }

  private async ensure(): Promise<void> {
    try {
      await this.store.ensureBucket();
    } catch (error) {
      this.logger.warn(`source store not reachable yet: ${(error as Error).message}`);
      this.timer = setTimeout(() => void this.ensure(), BUCKET_RETRY_MS);
    }
  }
}

@Module({})
export class SourceStoreModule {
  static forRoot(endpoint: S3Endpoint): DynamicModule {
    return {
      module: SourceStoreModule,
      global: true,
      providers: [{ provide: SOURCE_STORE, useValue: new ContentStore(endpoint) }, SourceBucketInitializer],
      exports: [SOURCE_STORE],
    };
  }
}

export function storeReadiness(name: string, store: ContentStore): ReadinessCheck {
  return { name, check: () => store.ping() };
}
