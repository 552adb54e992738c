import type {
  AndNode,
  BetweenNode,
  ComparisonNode,
  FilterExpression,
  GroupNode,
  IdentifierNode,
  InNode,
  NotNode,
  OrNode,
  ValueNode,
} from "./ast.js";
import { assertFilterShape } from "./check.js";

/**
 * Callbacks for `visitFilter`, one per node kind. Composite callbacks receive the results of their children,
 * already computed, so a visitor is a bottom-up translation (to a query string, an API's parameters, …).
 */
export interface FilterVisitor<R> {
  comparison(node: ComparisonNode): R;
  between(node: BetweenNode): R;
  in(node: InNode): R;
  /** A bare field name used as a condition. */
  identifier(node: IdentifierNode): R;
  /** A bare value used as a condition. */
  value(node: ValueNode): R;
  not(node: NotNode, operand: R): R;
  /** `operands` has one result per operand of the (n-ary) node, in source order. */
  and(node: AndNode, operands: R[]): R;
  or(node: OrNode, operands: R[]): R;
  /** Parentheses. Default: the inner result unchanged. */
  group?(node: GroupNode, inner: R): R;
}

/**
 * Translates an expression bottom-up with `visitor`. Leaves are visited in source order, each node once, and
 * the walk uses an explicit stack, so arbitrarily deep trees (10k nested parentheses, 100k NOTs) do not
 * overflow the call stack. Exceptions thrown by a callback propagate unchanged.
 *
 * The tree is checked first, so callbacks can rely on its types: every node kind, operator, field name and
 * literal is what the grammar produces (a hand-built `operator: "= '' OR 1=1 --"` never reaches a callback).
 * @throws FilterValidationError (InvalidArgument) for a malformed tree.
 */
export function visitFilter<R>(expression: FilterExpression, visitor: FilterVisitor<R>): R {
  assertFilterShape(expression);
  return visitUnchecked(expression, visitor);
}

/** `visitFilter` without the shape check, for callers that have checked the tree already. */
export function visitUnchecked<R>(expression: FilterExpression, visitor: FilterVisitor<R>): R {
  const nodes: FilterExpression[] = [expression];
  const next: number[] = [0];
  const results: R[] = [];
  while (nodes.length > 0) {
    const top = nodes.length - 1;
    const node = nodes[top]!;
    switch (node.kind) {
      case "comparison":
        results.push(visitor.comparison(node));
        break;
      case "between":
        results.push(visitor.between(node));
        break;
      case "in":
        results.push(visitor.in(node));
        break;
      case "identifier":
        results.push(visitor.identifier(node));
        break;
      case "value":
        results.push(visitor.value(node));
        break;
      case "not":
      case "group": {
        if (next[top] === 0) {
          next[top] = 1;
          nodes.push(node.kind === "not" ? node.operand : node.expression);
          next.push(0);
          continue;
        }
        const inner = results.pop()!;
        if (node.kind === "not") results.push(visitor.not(node, inner));
        else results.push(visitor.group === undefined ? inner : visitor.group(node, inner));
        break;
      }
      case "and":
      case "or": {
        const i = next[top]!;
        if (i < node.operands.length) {
          next[top] = i + 1;
          nodes.push(node.operands[i]!);
          next.push(0);
          continue;
        }
        const parts = results.splice(results.length - node.operands.length);
        results.push(node.kind === "and" ? visitor.and(node, parts) : visitor.or(node, parts));
        break;
      }
    }
    nodes.pop();
    next.pop();
  }
  return results[0]!;
}

/**
 * Calls `fn` for every node, parents before children, children in source order (an iterative pre-order walk).
 */
export function forEachNode(expression: FilterExpression, fn: (node: FilterExpression) => void): void {
  const stack: FilterExpression[] = [expression];
  while (stack.length > 0) {
    const node = stack.pop()!;
    fn(node);
    switch (node.kind) {
      case "not":
        stack.push(node.operand);
        break;
      case "group":
        stack.push(node.expression);
        break;
      case "and":
      case "or":
        for (let i = node.operands.length - 1; i >= 0; i--) stack.push(node.operands[i]!);
        break;
      default:
        break;
    }
  }
}
