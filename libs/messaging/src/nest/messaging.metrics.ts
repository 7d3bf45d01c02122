import { Counter, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { MessagingMetrics } from '../metrics';

/**
 * The operator's view of a service's events: published and consumed per topic (with the
 * consumer outcome), dead letters per topic and group, and the outbox backlog read from the
 * database at scrape time.
 */
export function registerMessagingMetrics(registry: Registry, dataSource: DataSource): MessagingMetrics {
  const published = new Counter({
    name: 'sdp_events_published_total',
    help: 'Events the outbox relay published, by topic',
    labelNames: ['topic'],
    registers: [registry],
  });
  const consumed = new Counter({
    name: 'sdp_events_consumed_total',
    help: 'Events consumed, by topic, consumer group and outcome (applied, duplicate, dead_lettered, skipped: a type this consumer does not know)',
    labelNames: ['topic', 'group', 'outcome'],
    registers: [registry],
  });
  const deadLettered = new Counter({
    name: 'sdp_events_dead_lettered_total',
    help: 'Records a consumer group sent to its dead-letter topic, by original topic and group',
    labelNames: ['topic', 'group'],
    registers: [registry],
  });
  new Gauge({
    name: 'sdp_outbox_backlog',
    help: 'Outbox events written but not yet published',
    registers: [registry],
    async collect() {
      const rows: { backlog: string }[] = await dataSource.query(
        'SELECT count(*) AS backlog FROM outbox_event WHERE published_at IS NULL',
      );
      this.set(Number(rows[0].backlog));
    },
  });
  return {
    published: (topic, count) => published.inc({ topic }, count),
    consumed: (topic, group, outcome) => {
      consumed.inc({ topic, group, outcome });
      if (outcome === 'dead_lettered') {
        deadLettered.inc({ topic, group });
      }
    },
  };
}
