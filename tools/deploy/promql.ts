/**
 * Just enough PromQL reading to tell which metrics and labels a dashboard query uses: not a
 * parser, but exact for the expression shapes dashboards use (selectors, functions,
 * aggregations with by/without, binary operators, Grafana's $variables).
 */

const KEYWORDS: ReadonlySet<string> = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'inf',
  'nan',
]);

const GROUPING = /\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;
const MATCHERS = /\{([^}]*)\}/g;

function withoutStrings(expression: string): string {
  return expression.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
}

/** Metric names an expression selects (functions, aggregations and keywords left out). */
export function metricNamesIn(expression: string): string[] {
  const bare = withoutStrings(expression)
    .replace(/\$\{[^}]*\}|\$\w+/g, ' ')
    .replace(MATCHERS, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(GROUPING, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/(?<![\w.])([a-zA-Z_:][\w:]*)(\s*\()?/g)) {
    const [, name, call] = match;
    if (call === undefined && !KEYWORDS.has(name.toLowerCase())) names.add(name);
  }
  return [...names];
}

export interface LabelMatcher {
  label: string;
  operator: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** The label matchers of every selector in an expression. */
export function labelMatchersIn(expression: string): LabelMatcher[] {
  const matchers: LabelMatcher[] = [];
  for (const [, selector] of expression.matchAll(/\{((?:[^}"]|"(?:[^"\\]|\\.)*")*)\}/g)) {
    for (const [, label, operator, value] of selector.matchAll(/([a-zA-Z_]\w*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)) {
      matchers.push({ label, operator: operator as LabelMatcher['operator'], value });
    }
  }
  return matchers;
}

/** Label names an expression matches on or groups by. */
export function labelNamesIn(expression: string): string[] {
  const labels = new Set(labelMatchersIn(expression).map((matcher) => matcher.label));
  for (const [, , grouping] of withoutStrings(expression).matchAll(GROUPING)) {
    for (const label of grouping.split(',')) if (label.trim() !== '') labels.add(label.trim());
  }
  return [...labels];
}

/** The metric of a Grafana `label_values(metric[{...}], label)` variable query. */
export function metricOfLabelValuesQuery(query: string): { metric: string; label: string } | undefined {
  const match = /^label_values\(\s*([a-zA-Z_:][\w:]*)(?:\{[^}]*\})?\s*,\s*([a-zA-Z_]\w*)\s*\)$/.exec(query.trim());
  return match ? { metric: match[1], label: match[2] } : undefined;
}
