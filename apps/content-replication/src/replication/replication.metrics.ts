import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PACKAGE_DISTRIBUTION_STATE_CODES } from '@sdp/contracts';
import { ServiceMetrics } from '@sdp/observability';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';

/** Bytes copied to each DP, and the (package, DP) rows by state, read with one query per scrape. */
@Injectable()
export class ReplicationMetrics {
  private readonly bytes: Counter<'distribution_point'>;

  constructor(metrics: ServiceMetrics, @InjectDataSource() dataSource: DataSource) {
    this.bytes = new Counter({
      name: 'sdp_replication_bytes_total',
      help: 'Bytes copied to distribution points (objects a DP already had are not counted)',
      labelNames: ['distribution_point'],
      registers: [metrics.registry],
    });
    new Gauge({
      name: 'sdp_replication_jobs',
      help: 'Package distributions (package, DP) by state',
      labelNames: ['state'],
      registers: [metrics.registry],
      async collect() {
        // Raw SQL: one grouped count of the queue's rows by state.
        const rows: { state: string; count: number }[] = await dataSource.query(
          'SELECT state, count(*)::int AS count FROM package_distribution GROUP BY state',
        );
        const counts = new Map(rows.map((row) => [row.state, row.count]));
        // Every known state is reported, at 0 when empty, so a panel's series never vanish.
        for (const state of new Set([...Object.keys(PACKAGE_DISTRIBUTION_STATE_CODES), ...counts.keys()])) {
          this.set({ state }, counts.get(state) ?? 0);
        }
      },
    });
  }

  copied(distributionPoint: string, bytes: number): void {
    if (bytes > 0) {
      this.bytes.inc({ distribution_point: distributionPoint }, bytes);
    }
  }
}
