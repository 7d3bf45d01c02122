import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@sdp/observability';
import { Counter } from 'prom-client';
import type { IngestResult } from './status.service';

/** `sdp_status_reports_total{outcome}`: every status report clients send, by what became of it. */
@Injectable()
export class StatusMetrics {
  private readonly reports: Counter<'outcome'>;

  constructor(metrics: ServiceMetrics) {
    this.reports = new Counter({
      name: 'sdp_status_reports_total',
      help: 'Client status reports by outcome (accepted, duplicate, unknown_advertisement)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }

  ingested(reports: number, result: IngestResult): void {
    this.reports.inc({ outcome: 'accepted' }, result.accepted);
    this.reports.inc({ outcome: 'duplicate' }, result.duplicates);
    this.reports.inc({ outcome: 'unknown_advertisement' }, reports - result.accepted - result.duplicates);
  }
}
