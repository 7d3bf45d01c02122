import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { HttpMetricsInterceptor } from './http-metrics.interceptor';
import { ServiceMetrics } from './metrics';
import { ObservabilityController } from './observability.controller';
import { READINESS_CHECKS, ReadinessCheck } from './readiness';

export interface ObservabilityOptions {
  service: string;
  /** Builds the readiness checks from the service's own providers (DataSource, Kafka admin, ...). */
  readiness: {
    inject: NonNullable<Extract<Provider, { useFactory: unknown }>['inject']>;
    useFactory: (...dependencies: never[]) => ReadinessCheck[] | Promise<ReadinessCheck[]>;
  };
}

/** Health (`/health/live`, `/health/ready`), Prometheus metrics (`/metrics`) and request timing. */
@Module({})
export class ObservabilityModule {
  static forService(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      controllers: [ObservabilityController],
      providers: [
        { provide: ServiceMetrics, useValue: new ServiceMetrics(options.service) },
        { provide: READINESS_CHECKS, inject: options.readiness.inject, useFactory: options.readiness.useFactory },
        { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor },
      ],
      exports: [ServiceMetrics],
    };
  }
}
