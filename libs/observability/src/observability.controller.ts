import { Controller, Get, Header, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@sdp/auth';
import type { Response } from 'express';
import { ServiceMetrics } from './metrics';
import { evaluateReadiness, READINESS_CHECKS, ReadinessCheck } from './readiness';

/** Health and metrics: no authentication, so orchestrators and Prometheus can reach them. */
@ApiExcludeController()
@Public()
@Controller()
export class ObservabilityController {
  constructor(
    private readonly metrics: ServiceMetrics,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  @Get('health/live')
  live(): { status: 'live' } {
    return { status: 'live' };
  }

  @Get('health/ready')
  async ready(@Res({ passthrough: true }) response: Response) {
    const report = await evaluateReadiness(this.checks);
    if (report.status !== 'ready') {
      response.status(HttpStatus.SERVICE_UNAVAILABLE);
    }
    return report;
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() response: Response): Promise<void> {
    response.setHeader('Content-Type', this.metrics.registry.contentType);
    response.send(await this.metrics.registry.metrics());
  }
}
