import { Injectable } from '@nestjs/common';
import type { UsageIngestResult } from '@sdp/contracts';
import { ServiceMetrics } from '@sdp/observability';
import { Counter } from 'prom-client';

/** `sdp_usage_records_total{outcome}`: every usage record clients send, by what became of it. */
@Injectable()
export class UsageMetrics {
  private readonly records: Counter<'outcome'>;

  constructor(metrics: ServiceMetrics) {
    this.records = new Counter({
      name: 'sdp_usage_records_total',
      help: 'Usage records by outcome (accepted, closed, unchanged, unknown_rule)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }

  ingested(result: UsageIngestResult): void {
    this.records.inc({ outcome: 'accepted' }, result.accepted);
    this.records.inc({ outcome: 'closed' }, result.closed);
    this.records.inc({ outcome: 'unchanged' }, result.unchanged);
    this.records.inc({ outcome: 'unknown_rule' }, result.unknownRule);
  }
}
