import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@sdp/observability';
import { Counter, Gauge } from 'prom-client';

/** `sdp_push_streams_open`: agents' notification streams this replica holds; `sdp_push_notifications_total`: events sent on them. */
@Injectable()
export class PushMetrics {
  private readonly open: Gauge;
  private readonly sent: Counter;

  constructor(metrics: ServiceMetrics) {
    this.open = new Gauge({
      name: 'sdp_push_streams_open',
      help: 'Notification streams (server-sent events) of agents held open by this replica',
      registers: [metrics.registry],
    });
    this.sent = new Counter({
      name: 'sdp_push_notifications_total',
      help: 'policy-changed events sent to agents by this replica',
      registers: [metrics.registry],
    });
  }

  opened(): void {
    this.open.inc();
  }

  closed(): void {
    this.open.dec();
  }

  notified(count: number): void {
    if (count > 0) {
      this.sent.inc(count);
    }
  }
}
