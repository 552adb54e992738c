#!/usr/bin/env bash
# Builds a harness that parses filters with AppFlow's official ANTLR grammar, for the differential test
# packages/connector-kit/src/filter/official-grammar.differential.test.ts. The grammar is AWS's code and is not
# kept in this repository: pass the directory holding CustomConnectorQueryFilterLexer.g4 and
# CustomConnectorQueryFilterParser.g4 (custom_connector_queryfilter/queryfilter/grammar in
# awslabs/aws-appflow-custom-connector-python). Needs Java 11 or later (the ANTLR tool) and npm.
#
#   bash scripts/official-filter-grammar.sh <grammar-dir> [<out-dir>]     (default out-dir: a new temp dir)
#   OFFICIAL_FILTER_PARSER=<out-dir>/harness.ts npx vitest run packages/connector-kit/src/filter/official-grammar
#
# The out-dir gets its own node_modules (antlr4ng-cli, antlr4ng); nothing is installed in the repository.
set -euo pipefail
grammar="${1:?usage: official-filter-grammar.sh <grammar-dir> [<out-dir>]}"
out="${2:-$(mktemp -d "${TMPDIR:-/tmp}/official-filter-XXXXXX")}"
for g in CustomConnectorQueryFilterLexer.g4 CustomConnectorQueryFilterParser.g4; do
  [ -f "$grammar/$g" ] || { echo "no $g in $grammar" >&2; exit 2; }
done
mkdir -p "$out/grammar"
cp "$grammar/CustomConnectorQueryFilterLexer.g4" "$grammar/CustomConnectorQueryFilterParser.g4" "$out/grammar/"
cd "$out"
[ -f package.json ] || echo '{ "private": true, "type": "module" }' > package.json
npm install --silent --no-audit --no-fund antlr4ng-cli@2 antlr4ng@3
npx antlr4ng -Dlanguage=TypeScript -visitor -no-listener -Xexact-output-dir -o generated grammar/*.g4

# The harness: the official parse tree in the test's s-expression, or every error (lexer errors, where the
# official lexer drops a character and carries on, marked "LEXER:").
cat > harness.ts <<'TS'
import { BaseErrorListener, CharStream, CommonTokenStream } from "antlr4ng";
import type { ATNSimulator, RecognitionException, Recognizer, Token } from "antlr4ng";
import { CustomConnectorQueryFilterLexer } from "./generated/CustomConnectorQueryFilterLexer.ts";
import * as P from "./generated/CustomConnectorQueryFilterParser.ts";

class Collector extends BaseErrorListener {
  constructor(private readonly errors: string[], private readonly prefix: string) { super(); }
  override syntaxError<S extends Token, T extends ATNSimulator>(
    _r: Recognizer<T>, _s: S | null, line: number, column: number, message: string, _e: RecognitionException | null,
  ): void {
    this.errors.push(`${this.prefix}${line}:${column} ${message}`);
  }
}

const id = (c: P.IdentifierContext) => `id:${c.IDENTIFIER().getText()}`;
const bool = (c: P.BooleanContext) => (c.TRUE() ? "bool:true" : "bool:false");

function value(c: P.ValueContext): string {
  if (c instanceof P.StringValueExpressionContext) return c.string().NULL() ? "null" : `str:${c.getText()}`;
  if (c instanceof P.DecimalValueExpressionContext) return `num:${c.getText()}`;
  if (c instanceof P.IsoDateContext) return `date:${c.getText()}`;
  if (c instanceof P.IsoDateTimeContext) return `datetime:${c.getText()}`;
  throw new Error(`unexpected value ${c.constructor.name}`);
}

/** The operands of an AND (or OR) chain, flattened; a parenthesised group stays one operand. */
function chain(c: P.ExpressionContext, kind: Function, out: string[]): string[] {
  if (c instanceof kind) {
    chain((c as P.ANDBinaryExpressionContext).expression(0)!, kind, out);
    chain((c as P.ANDBinaryExpressionContext).expression(1)!, kind, out);
  } else out.push(expression(c));
  return out;
}

const COMPARISONS: [Function, string][] = [
  [P.GreaterThanComparatorExpressionContext, ">"],
  [P.GreaterThanEqualToComparatorExpressionContext, ">="],
  [P.LesserThanComparatorExpressionContext, "<"],
  [P.LesserThanEqualToComparatorExpressionContext, "<="],
  [P.EqualToComparatorExpressionContext, "="],
  [P.NotEqualToComparatorExpressionContext, "!="],
  [P.LikeComparatorExpressionContext, "CONTAINS"],
];

function expression(c: P.ExpressionContext): string {
  if (c instanceof P.ParenExpressionContext) return `(group ${expression(c.expression())})`;
  if (c instanceof P.NotExpressionContext) return `(not ${expression(c.expression())})`;
  if (c instanceof P.ANDBinaryExpressionContext) return `(and ${chain(c, P.ANDBinaryExpressionContext, []).join(" ")})`;
  if (c instanceof P.ORBinaryExpressionContext) return `(or ${chain(c, P.ORBinaryExpressionContext, []).join(" ")})`;
  for (const [kind, op] of COMPARISONS) {
    if (c instanceof kind) {
      const k = c as P.EqualToComparatorExpressionContext;
      return `(${op} ${id(k.identifier())} ${value(k.value())})`;
    }
  }
  if (c instanceof P.BooleanEqualToComparatorExpressionContext) return `(= ${id(c.identifier())} ${bool(c.boolean())})`;
  if (c instanceof P.BooleanNotEqualToComparatorExpressionContext) return `(!= ${id(c.identifier())} ${bool(c.boolean())})`;
  if (c instanceof P.BetweenExpressionContext) return `(between ${id(c.identifier()!)} ${value(c.value(0)!)} ${value(c.value(1)!)})`;
  if (c instanceof P.InExpressionContext) return `(in ${id(c.identifier())} ${c.value().map(value).join(" ")})`;
  if (c instanceof P.IdentifierExpressionContext) return `(ident ${id(c.identifier())})`;
  if (c instanceof P.ValueExpressionContext) return `(value ${value(c.value())})`;
  throw new Error(`unexpected expression ${c.constructor.name}`);
}

export function officialCanonical(text: string): { ok: true; tree: string } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const lexer = new CustomConnectorQueryFilterLexer(CharStream.fromString(text));
  lexer.removeErrorListeners();
  lexer.addErrorListener(new Collector(errors, "LEXER: "));
  const parser = new P.CustomConnectorQueryFilterParser(new CommonTokenStream(lexer));
  parser.removeErrorListeners();
  parser.addErrorListener(new Collector(errors, ""));
  const root = parser.queryfilter();
  if (errors.length > 0 || parser.numberOfSyntaxErrors > 0) return { ok: false, errors: errors.length > 0 ? errors : ["syntax error"] };
  const e = root.expression();
  if (e) return { ok: true, tree: expression(e) };
  const l = root.limitexpression() as P.LimitExpressionContext | null;
  if (l === null) return { ok: false, errors: ["no expression and no limit"] };
  const inner = l.expression();
  return { ok: true, tree: `(limit ${inner ? expression(inner) : "_"} ${l.count().getText()})` };
}
TS
echo "$out/harness.ts"
