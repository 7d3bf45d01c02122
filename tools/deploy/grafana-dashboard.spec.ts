import { ServiceMetrics } from '@sdp/observability';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { labelMatchersIn, labelNamesIn, metricNamesIn, metricOfLabelValuesQuery } from './promql';
import { DEPLOY_DIR } from './render';

/** The operational metrics the services expose, with their labels (besides `service`). */
const OPERATIONAL_METRICS: Readonly<Record<string, readonly string[]>> = {
  sdp_events_published_total: ['topic'],
  sdp_events_consumed_total: ['topic', 'group', 'outcome'],
  sdp_events_dead_lettered_total: ['topic', 'group'],
  sdp_consumer_lag: ['topic', 'group', 'partition'],
  sdp_outbox_backlog: [],
  sdp_replication_bytes_total: ['distribution_point'],
  sdp_replication_jobs: ['state'],
  sdp_policy_requests_total: ['outcome'],
  sdp_status_reports_total: ['outcome'],
  sdp_usage_records_total: ['outcome'],
};

/** Values a dashboard may match exactly, per metric, for labels whose values are a closed set. */
const LABEL_VALUES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  sdp_events_consumed_total: { outcome: ['applied', 'duplicate', 'dead_lettered'] },
  sdp_policy_requests_total: { outcome: ['200', '304', '400', '401', '403', '404', '500'] },
  sdp_status_reports_total: { outcome: ['accepted', 'duplicate', 'unknown_advertisement'] },
  sdp_usage_records_total: { outcome: ['accepted', 'closed', 'unchanged', 'unknown_rule'] },
};

/** Every label the scrape adds (`instance`, `job`) or every service registry sets (`service`). */
const COMMON_LABELS = ['service', 'instance', 'job'];

const SERIES_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

/**
 * What a service's registry really exposes today (process and Node.js metrics, the HTTP
 * histogram), read from the registry itself so the list cannot drift, with each series' labels.
 */
async function existingMetrics(): Promise<Map<string, Set<string>>> {
  const metrics = new ServiceMetrics('dashboard-check');
  metrics.httpRequestDuration.observe({ method: 'GET', route: '/probe', status: '200' }, 0.01);
  const series = new Map<string, Set<string>>();
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    const labels = new Set(metric.values.flatMap((value) => Object.keys(value.labels)));
    for (const suffix of SERIES_SUFFIXES[metric.type] ?? ['']) {
      series.set(`${metric.name}${suffix}`, new Set([...labels, ...(suffix === '_bucket' ? ['le'] : [])]));
    }
  }
  return series;
}

interface Panel {
  id: number;
  type: string;
  title: string;
  targets?: { expr?: string; legendFormat?: string }[];
  panels?: Panel[];
}

interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query?: string | { query: string } }[] };
}

const dashboardPath = join(DEPLOY_DIR, 'grafana', 'sdp-dashboard.json');

function loadDashboard(): Dashboard {
  return JSON.parse(readFileSync(dashboardPath, 'utf8')) as Dashboard;
}

function allPanels(panels: readonly Panel[]): Panel[] {
  return panels.flatMap((panel) => [panel, ...allPanels(panel.panels ?? [])]);
}

function queriesOf(dashboard: Dashboard): { where: string; expr: string; legend?: string }[] {
  return allPanels(dashboard.panels).flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ where: `panel ${panel.id} "${panel.title}"`, expr: target.expr ?? '', legend: target.legendFormat })),
  );
}

/** Problems of one query against the known metrics and their labels. */
function queryProblems(where: string, expr: string, legend: string | undefined, known: Map<string, Set<string>>): string[] {
  const metrics = metricNamesIn(expr);
  if (metrics.length === 0) return [`${where}: selects no metric`];
  const unknown = metrics.filter((metric) => !known.has(metric));
  if (unknown.length > 0) return unknown.map((metric) => `${where}: unknown metric ${metric}`);
  const labels = new Set([...COMMON_LABELS, ...metrics.flatMap((metric) => [...(known.get(metric) ?? [])])]);
  const used = [...labelNamesIn(expr), ...[...(legend ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map(([, label]) => label)];
  const problems = used.filter((label) => !labels.has(label)).map((label) => `${where}: ${metrics.join(', ')} has no label ${label}`);
  for (const matcher of labelMatchersIn(expr)) {
    const closed = metrics.map((metric) => LABEL_VALUES[metric]?.[matcher.label]).filter((values) => values !== undefined);
    const values = closed.length > 0 ? closed.flat() : undefined;
    if (values && matcher.operator === '=' && !values.includes(matcher.value)) {
      problems.push(`${where}: ${matcher.label} is never "${matcher.value}"`);
    }
  }
  return problems;
}

describe('deploy/grafana/sdp-dashboard.json', () => {
  let known: Map<string, Set<string>>;

  beforeAll(async () => {
    known = await existingMetrics();
    for (const [metric, labels] of Object.entries(OPERATIONAL_METRICS)) known.set(metric, new Set(labels));
  });

  it('parses as a dashboard with a stable uid, panels and queries', () => {
    const dashboard = loadDashboard();
    expect(dashboard.uid).toBe('sdp-overview');
    expect(queriesOf(dashboard).length).toBeGreaterThan(20);
    const ids = allPanels(dashboard.panels).map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('queries only metrics the services expose, with their labels and values', () => {
    const problems = queriesOf(loadDashboard()).flatMap(({ where, expr, legend }) => queryProblems(where, expr, legend, known));
    expect(problems).toEqual([]);
  });

  it('builds its variables from metrics the services expose', () => {
    const variables = loadDashboard().templating.list.filter((variable) => variable.type === 'query');
    expect(variables.length).toBeGreaterThan(0);
    for (const variable of variables) {
      const query = typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? '');
      const parsed = metricOfLabelValuesQuery(query);
      expect({ variable: variable.name, metric: parsed?.metric, known: parsed !== undefined && known.has(parsed.metric) }).toEqual({
        variable: variable.name,
        metric: parsed?.metric,
        known: true,
      });
      expect([...COMMON_LABELS, ...(known.get(parsed?.metric ?? '') ?? [])]).toContain(parsed?.label);
    }
  });

  it('shows every operational metric and the process, HTTP and event-loop metrics', () => {
    const used = new Set(queriesOf(loadDashboard()).flatMap(({ expr }) => metricNamesIn(expr)));
    for (const metric of [
      ...Object.keys(OPERATIONAL_METRICS),
      'http_request_duration_seconds_count',
      'http_request_duration_seconds_bucket',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(used).toContain(metric);
    }
  });

  it('catches an unknown metric, a wrong label and an impossible label value', () => {
    expect(queryProblems('q', 'sum(rate(sdp_events_total[5m]))', undefined, known)).toEqual(['q: unknown metric sdp_events_total']);
    expect(queryProblems('q', 'sum by (dp) (rate(sdp_replication_bytes_total[5m]))', undefined, known)).toEqual([
      'q: sdp_replication_bytes_total has no label dp',
    ]);
    expect(queryProblems('q', 'sdp_consumer_lag', '{{dp}}', known)).toEqual(['q: sdp_consumer_lag has no label dp']);
    expect(queryProblems('q', 'sum(rate(sdp_policy_requests_total{outcome="not_modified"}[5m]))', undefined, known)).toEqual([
      'q: outcome is never "not_modified"',
    ]);
    expect(queryProblems('q', 'sum(rate(sdp_events_consumed_total{outcome="304"}[5m]))', undefined, known)).toEqual(['q: outcome is never "304"']);
  });
});

describe('PromQL reading', () => {
  it.each([
    ['sum by (service, le) (rate(http_request_duration_seconds_bucket{service=~"$service"}[$__rate_interval]))', ['http_request_duration_seconds_bucket']],
    ['sum(increase(sdp_events_consumed_total{outcome="dead_lettered"}[$__range])) or vector(0)', ['sdp_events_consumed_total']],
    ['a_total / on (service) group_left b_total > bool 1e-9', ['a_total', 'b_total']],
    ['histogram_quantile(0.95, sum by (le) (rate(x_bucket{route="/api/v1/by (id)"}[5m])))', ['x_bucket']],
  ])('finds the metrics of %s', (expression, metrics) => {
    expect(metricNamesIn(expression)).toEqual(metrics);
  });

  it('finds the labels matched on and grouped by', () => {
    expect(labelNamesIn('sum by (topic, group) (sdp_consumer_lag{service=~"$service", topic!="x"})').sort()).toEqual(['group', 'service', 'topic']);
  });

  it('reads a label_values variable query', () => {
    expect(metricOfLabelValuesQuery('label_values(process_start_time_seconds, service)')).toEqual({ metric: 'process_start_time_seconds', label: 'service' });
    expect(metricOfLabelValuesQuery('query_result(up)')).toBeUndefined();
  });
});
