import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { responseStatusCounter, ServiceMetrics } from '@sdp/observability';
import { PolicyController } from './policy.controller';
import { PolicyRecomputeWorker } from './policy-recompute-worker';
import { PolicyService } from './policy.service';
import { PolicyEtagCache } from './policy-etag-cache';
import { RecentPolicies } from './recent-policies';

@Module({
  controllers: [PolicyController],
  providers: [PolicyService, PolicyRecomputeWorker, PolicyEtagCache, RecentPolicies],
  exports: [PolicyEtagCache, PolicyService],
})
export class PolicyModule implements NestModule {
  constructor(private readonly metrics: ServiceMetrics) {}

  /** Counted as route middleware, so the 401/403 of the client guard are counted too. */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(
        responseStatusCounter({
          registry: this.metrics.registry,
          name: 'sdp_policy_requests_total',
          help: 'Policy requests of clients by response status (200 new policy, 304 unchanged, 401/403/404 refused)',
        }),
      )
      .forRoutes({ path: 'api/v1/clients/:id/policy', method: RequestMethod.GET });
  }
}
