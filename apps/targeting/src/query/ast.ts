/** Fields of a client a query may name (domain.md); `inventory` is followed by a path. */
export const QUERY_FIELDS = ['name', 'domain', 'siteCode', 'os.name', 'os.version', 'os.arch', 'ipAddress', 'lastSeenAt'] as const;

export type FixedField = (typeof QUERY_FIELDS)[number];

export type FieldRef =
  | { readonly kind: 'fixed'; readonly name: FixedField }
  | { readonly kind: 'inventory'; readonly path: readonly string[] };

export type Literal =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'boolean'; readonly value: boolean };

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Expression =
  | { readonly kind: 'and'; readonly left: Expression; readonly right: Expression }
  | { readonly kind: 'or'; readonly left: Expression; readonly right: Expression }
  | { readonly kind: 'not'; readonly operand: Expression }
  | { readonly kind: 'compare'; readonly field: FieldRef; readonly operator: ComparisonOperator; readonly value: Literal }
  | { readonly kind: 'in'; readonly field: FieldRef; readonly values: readonly Literal[] }
  | { readonly kind: 'like'; readonly field: FieldRef; readonly pattern: string }
  | { readonly kind: 'contains'; readonly field: FieldRef; readonly value: Literal }
  | { readonly kind: 'inSubnet'; readonly field: FieldRef; readonly subnet: string }
  | { readonly kind: 'isNull'; readonly field: FieldRef };

/** The operands of a chain of one operator, `a AND b AND c` as [a, b, c], left to right. */
export function operandsOf(expression: Expression, kind: 'and' | 'or'): Expression[] {
  return expression.kind === kind ? [...operandsOf(expression.left, kind), ...operandsOf(expression.right, kind)] : [expression];
}
