#include "engine/internal/postgres_rewrites.h"

#include <functional>
#include <string>
#include <utility>

#include "common/strings.h"
#include "engine/internal/date_as_timestamp.h"
#include "engine/internal/expression_walk.h"
#include "engine/internal/jsonb_functions.h"
#include "engine/internal/postgres_format.h"
#include "engine/internal/postgres_number_format.h"
#include "engine/internal/postgres_text.h"
#include "engine/internal/regexp_matches.h"
#include "engine/internal/nonzero_divisor.h"
#include "engine/internal/postgres_to_char.h"
#include "engine/internal/pre_parse.h"
#include "duckdb/parser/expression/case_expression.hpp"
#include "duckdb/parser/expression/cast_expression.hpp"
#include "duckdb/parser/expression/constant_expression.hpp"
#include "duckdb/parser/expression/function_expression.hpp"
#include "duckdb/parser/expression/operator_expression.hpp"
#include "duckdb/parser/expression/subquery_expression.hpp"
#include "duckdb/parser/expression/window_expression.hpp"
#include "duckdb/parser/parsed_expression_iterator.hpp"
#include "duckdb/parser/query_node.hpp"
#include "duckdb/parser/query_node/select_node.hpp"
#include "duckdb/parser/statement/select_statement.hpp"

namespace kalam::engine::internal {
namespace {

/// Whether the statement text at the expression's location starts with `op` (ASCII letters in any
/// case).
bool WrittenAs(const duckdb::ParsedExpression& expr, std::string_view sql, std::string_view op) {
  const auto location = expr.GetQueryLocation();
  if (!location.IsValid() || location.GetIndex() >= sql.size()) return false;
  const std::string_view text = sql.substr(location.GetIndex());
  return text.size() >= op.size() && EqualsIgnoreCase(text.substr(0, op.size()), op);
}

bool IsFullMatch(const duckdb::ParsedExpression& expr) {
  if (expr.GetExpressionClass() != duckdb::ExpressionClass::FUNCTION) return false;
  const auto& fn = expr.Cast<duckdb::FunctionExpression>();
  return fn.function_name == "regexp_full_match" && fn.children.size() == 2;
}

/// `regexp_full_match(s, p)` → `regexp_matches(s, p[, 'i'])`, as an operator.
void ToContainsMatch(duckdb::FunctionExpression& fn, bool ignore_case) {
  fn.function_name = "regexp_matches";
  fn.is_operator = true;
  if (ignore_case) fn.children.push_back(duckdb::make_uniq<duckdb::ConstantExpression>(duckdb::Value("i")));
}

/// The constant pattern of `s SIMILAR TO 'pattern'` (a full match) as the regular expression it
/// means (`%` is DuckDB's `.*`, `.` a dot); a computed one stays DuckDB's regular expression.
void SimilarPatternToRegex(duckdb::FunctionExpression& fn) {
  const std::string* pattern = ConstantText(*fn.children[1]);
  if (pattern == nullptr) return;
  fn.children[1] = duckdb::make_uniq<duckdb::ConstantExpression>(duckdb::Value(SimilarToRegex(*pattern)));
}

/// `NOT child` in the slot, with the slot's alias and location.
void Negate(duckdb::unique_ptr<duckdb::ParsedExpression>& slot) {
  const std::string alias = slot->GetAlias();
  const auto location = slot->GetQueryLocation();
  slot->ClearAlias();
  auto negated = duckdb::make_uniq<duckdb::OperatorExpression>(duckdb::ExpressionType::OPERATOR_NOT, std::move(slot));
  negated->SetAlias(alias);
  negated->SetQueryLocation(location);
  slot = std::move(negated);
}

/// `x = ANY (SELECT unnest(marker(array)))`, as DuckDB parses what RewriteBeforeParse made of `x
/// LIKE ANY (array)` (kLikeAnyMarkers), → `true = ANY (SELECT x LIKE unnest(array))`. (`x LIKE ALL
/// (…)` arrives as `NOT (x <> ANY (…))`, which becomes `NOT (true <> ANY (…))`: all of them.)
void LikeAny(duckdb::SubqueryExpression& sub) {
  if (sub.subquery_type != duckdb::SubqueryType::ANY || !sub.child || !sub.subquery || !sub.subquery->node ||
      sub.subquery->node->type != duckdb::QueryNodeType::SELECT_NODE) {
    return;
  }
  auto& list = sub.subquery->node->Cast<duckdb::SelectNode>().select_list;
  if (list.size() != 1 || list[0]->GetExpressionClass() != duckdb::ExpressionClass::FUNCTION) return;
  auto& unnest = list[0]->Cast<duckdb::FunctionExpression>();
  if (unnest.function_name != "unnest" || unnest.children.size() != 1 ||
      unnest.children[0]->GetExpressionClass() != duckdb::ExpressionClass::FUNCTION) {
    return;
  }
  auto& marker = unnest.children[0]->Cast<duckdb::FunctionExpression>();
  for (auto [name, op] : kLikeAnyMarkers) {
    if (marker.function_name != name || marker.children.size() != 1) continue;
    unnest.children[0] = std::move(marker.children[0]);
    duckdb::vector<duckdb::unique_ptr<duckdb::ParsedExpression>> operands;
    operands.push_back(std::move(sub.child));
    operands.push_back(std::move(list[0]));
    list[0] = duckdb::make_uniq<duckdb::FunctionExpression>(std::string(op), std::move(operands), nullptr, nullptr,
                                                            false, true);
    sub.child = duckdb::make_uniq<duckdb::ConstantExpression>(duckdb::Value::BOOLEAN(true));
    return;
  }
}

void RewriteWrittenForm(duckdb::unique_ptr<duckdb::ParsedExpression>& slot, std::string_view sql) {
  duckdb::ParsedExpression& expr = *slot;
  if (expr.GetExpressionClass() == duckdb::ExpressionClass::SUBQUERY) {
    return LikeAny(expr.Cast<duckdb::SubqueryExpression>());
  }
  if (expr.GetExpressionClass() == duckdb::ExpressionClass::FUNCTION) {
    // EXTRACT(f FROM x) parses to date_part('f', x); PostgreSQL names its column `extract`. Named
    // so until RenamePostgresFunctions gives DuckDB its name back.
    auto& fn = expr.Cast<duckdb::FunctionExpression>();
    if (fn.function_name == "date_part" && !fn.is_operator && WrittenAs(expr, sql, "extract")) {
      fn.function_name = "extract";
      return;
    }
  }
  if (IsFullMatch(expr) && WrittenAs(expr, sql, "~")) {
    return ToContainsMatch(expr.Cast<duckdb::FunctionExpression>(), false);
  }
  if (IsFullMatch(expr) && WrittenAs(expr, sql, "similar")) {
    auto& fn = expr.Cast<duckdb::FunctionExpression>();
    fn.is_operator = true;  // a full match, named `?column?`
    SimilarPatternToRegex(fn);
    return;
  }
  if (expr.GetExpressionType() == duckdb::ExpressionType::OPERATOR_NOT) {
    auto& children = expr.Cast<duckdb::OperatorExpression>().children;
    // `s NOT SIMILAR TO p`: NOT over a full match whose own location is lost, NOT's at "NOT".
    if (children.size() == 1 && IsFullMatch(*children[0]) && !WrittenAs(*children[0], sql, "similar") &&
        WrittenAs(expr, sql, "not")) {
      const size_t after = expr.GetQueryLocation().GetIndex() + 3;
      const size_t word = sql.find_first_not_of(" \t\r\n", after);
      if (word != std::string_view::npos && word > after &&
          EqualsIgnoreCase(sql.substr(word, 7), "similar")) {
        SimilarPatternToRegex(children[0]->Cast<duckdb::FunctionExpression>());
        return;
      }
    }
  }
  if (expr.GetExpressionType() == duckdb::ExpressionType::OPERATOR_NOT && WrittenAs(expr, sql, "!~")) {
    // `s !~ p` is NOT over a full match whose own location is lost.
    auto& children = expr.Cast<duckdb::OperatorExpression>().children;
    if (children.size() == 1 && IsFullMatch(*children[0])) {
      ToContainsMatch(children[0]->Cast<duckdb::FunctionExpression>(), false);
    }
    return;
  }
  if (expr.GetExpressionClass() != duckdb::ExpressionClass::FUNCTION) return;
  auto& fn = expr.Cast<duckdb::FunctionExpression>();
  if (!fn.is_operator || fn.children.size() != 2) return;
  if (fn.function_name == "~*") return ToContainsMatch(fn, true);
  if (fn.function_name == "!~*") {
    ToContainsMatch(fn, true);
    Negate(slot);
  }
}

/// `outer(slot)` in the slot, with the slot's alias.
void Wrap(duckdb::unique_ptr<duckdb::ParsedExpression>& slot, const char* outer) {
  const std::string alias = slot->GetAlias();
  slot->ClearAlias();
  duckdb::vector<duckdb::unique_ptr<duckdb::ParsedExpression>> args;
  args.push_back(std::move(slot));
  slot = duckdb::make_uniq<duckdb::FunctionExpression>(outer, std::move(args));
  slot->SetAlias(alias);
}

/// `to_char(ts, 'pattern')` → `strftime(ts, 'format')`, `to_timestamp(text, 'pattern')` →
/// `strptime(text, 'format')` (`duck`; postgres_to_char.h).
Status ToStrftime(duckdb::FunctionExpression& fn, const char* duck) {
  const std::string* pattern = fn.children.size() == 2 ? ConstantText(*fn.children[1]) : nullptr;
  if (pattern == nullptr) return Status::OK();  // a computed pattern: `function to_char does not exist`
  KALAM_ASSIGN_OR_RETURN(std::string format, StrftimeFormat(*pattern));
  fn.function_name = duck;
  fn.children[1] = duckdb::make_uniq<duckdb::ConstantExpression>(duckdb::Value(format));
  return Status::OK();
}

/// `to_char(x, 'pattern')`: a number's pattern (`FM999,990.00`) → kToCharNumber(x::VARCHAR,
/// 'pattern'), checked here; any other → ToStrftime.
Status ToChar(duckdb::FunctionExpression& fn) {
  const std::string* pattern = fn.children.size() == 2 ? ConstantText(*fn.children[1]) : nullptr;
  if (pattern != nullptr && IsNumberPattern(*pattern)) {
    KALAM_RETURN_IF_ERROR(FormatNumber("0", *pattern).status());
    fn.function_name = kToCharNumber;
    fn.children[0] = duckdb::make_uniq<duckdb::CastExpression>(duckdb::LogicalType::VARCHAR, std::move(fn.children[0]));
    return Status::OK();
  }
  return ToStrftime(fn, "strftime");
}

duckdb::unique_ptr<duckdb::ParsedExpression> Call(const char* name,
                                                   duckdb::vector<duckdb::unique_ptr<duckdb::ParsedExpression>> args) {
  return duckdb::make_uniq<duckdb::FunctionExpression>(name, std::move(args));
}

/// `regexp_match(s, 'p')` (PostgreSQL: the text of each capturing group of the first match, or
/// the whole match when there is none; NULL without a match) → `CASE WHEN regexp_matches(s, p)
/// THEN [regexp_extract(s, p, 1), …] END`; kFirst, for `substring(s FROM 'p')`, the text of the
/// first group (or of the match) alone. A computed pattern is left as it is (`function
/// regexp_match does not exist`; substring's integer start).
template <bool kFirst>
void ToRegexpMatch(duckdb::unique_ptr<duckdb::ParsedExpression>& slot) {
  auto& fn = slot->Cast<duckdb::FunctionExpression>();
  const std::string* pattern = fn.children.size() == 2 ? ConstantText(*fn.children[1]) : nullptr;
  if (pattern == nullptr) return;
  const size_t groups = CapturingGroups(*pattern);
  auto pair = [&fn] {
    duckdb::vector<duckdb::unique_ptr<duckdb::ParsedExpression>> args;
    args.push_back(fn.children[0]->Copy());
    args.push_back(fn.children[1]->Copy());
    return args;
  };
  duckdb::vector<duckdb::unique_ptr<duckdb::ParsedExpression>> items;
  const size_t last = kFirst ? std::min<size_t>(groups, 1) : groups;
  for (size_t g = groups == 0 ? 0 : 1; g <= last; ++g) {
    auto args = pair();
    args.push_back(duckdb::make_uniq<duckdb::ConstantExpression>(duckdb::Value::INTEGER(static_cast<int32_t>(g))));
    items.push_back(Call("regexp_extract", std::move(args)));
  }
  auto out = duckdb::make_uniq<duckdb::CaseExpression>();
  duckdb::CaseCheck check;
  check.when_expr = Call("regexp_matches", pair());
  check.then_expr = kFirst ? std::move(items[0]) : Call("list_value", std::move(items));
  out->case_checks.push_back(std::move(check));
  out->else_expr = duckdb::make_uniq<duckdb::ConstantExpression>(duckdb::Value());
  out->SetAlias(slot->GetAlias());
  out->SetQueryLocation(slot->GetQueryLocation());
  slot = std::move(out);
}

/// `s LIKE p` → `like_escape(s, p, '\')` (NOT LIKE, ILIKE and NOT ILIKE too): PostgreSQL's LIKE
/// takes `\` as its escape character without an ESCAPE clause, DuckDB's none. A constant pattern
/// without a backslash means the same either way and stays as it is (DuckDB turns those into
/// prefix/suffix/contains tests).
void EscapeLike(duckdb::FunctionExpression& fn) {
  static constexpr std::pair<std::string_view, std::string_view> kEscaping[] = {
      {"~~", "like_escape"}, {"!~~", "not_like_escape"}, {"~~*", "ilike_escape"}, {"!~~*", "not_ilike_escape"}};
  if (!fn.is_operator || fn.children.size() != 2) return;
  for (auto [op, escaping] : kEscaping) {
    if (fn.function_name != op) continue;
    const auto& pattern = *fn.children[1];
    if (pattern.GetExpressionClass() == duckdb::ExpressionClass::CONSTANT) {
      const duckdb::Value& v = pattern.Cast<duckdb::ConstantExpression>().value;
      if (v.IsNull() || v.type().id() != duckdb::LogicalTypeId::VARCHAR ||
          duckdb::StringValue::Get(v).find('\\') == std::string::npos) {
        return;
      }
    }
    fn.function_name = std::string(escaping);
    fn.is_operator = false;
    fn.children.push_back(duckdb::make_uniq<duckdb::ConstantExpression>(duckdb::Value("\\")));
    return;
  }
}

/// `a || b` → kConcat(a, b), `a - b` → kMinus(a, b) when `b` is a constant or an array: jsonb's
/// operators when bound over JSON, DuckDB's otherwise (jsonb_functions.h).
void RouteJsonOperators(duckdb::FunctionExpression& fn) {
  if (fn.children.size() != 2) return;
  if (fn.function_name == "||") {
    fn.function_name = kConcat;
  } else if (fn.function_name == "-") {
    const auto& right = *fn.children[1];
    const bool constant = right.GetExpressionClass() == duckdb::ExpressionClass::CONSTANT;
    const bool array = right.GetExpressionType() == duckdb::ExpressionType::ARRAY_CONSTRUCTOR ||
                       (right.GetExpressionClass() == duckdb::ExpressionClass::FUNCTION &&
                        right.Cast<duckdb::FunctionExpression>().function_name == "list_value");
    if (!constant && !array) return;
    fn.function_name = kMinus;
  } else {
    return;
  }
  fn.is_operator = false;
}

Status RenameFunction(duckdb::unique_ptr<duckdb::ParsedExpression>& slot) {
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"json_build_object", "json_object"},
      {"jsonb_build_object", "json_object"},
      {"json_build_array", "json_array"},
      {"jsonb_build_array", "json_array"},
      {"json_object_agg", "json_group_object"},
      {"jsonb_object_agg", "json_group_object"},
      {"to_jsonb", "to_json"},
      {"json_array_length", "jsonb_array_length"},
      {"json_extract_path", "jsonb_extract_path"},
      {"json_extract_path_text", "jsonb_extract_path_text"},
      {"btrim", "trim"},
      {"format", kPostgresFormat},
      {"every", "bool_and"},
      {"cardinality", "len"},
      {"clock_timestamp", "get_current_timestamp"},  // (now() is the statement's instant: gate)
      {"statement_timestamp", "now"},
      {"date_bin", "time_bucket"},
      {"uuid_generate_v4", "gen_random_uuid"},
      {"sha256", "kalam_sha256"},  // PostgreSQL's is bytea (DuckDB's: hex text)
      {"version", "kalam_version"},
  };
  if (slot->GetExpressionClass() == duckdb::ExpressionClass::WINDOW) {
    // An aggregate over a window: json_agg(x) OVER (…) as its plain form above.
    auto& window = slot->Cast<duckdb::WindowExpression>();
    if (window.GetExpressionType() != duckdb::ExpressionType::WINDOW_AGGREGATE || !window.catalog.empty() ||
        !(window.schema.empty() || window.schema == "main")) {
      return Status::OK();
    }
    const std::string name = ToLowerAscii(window.function_name);
    if (name == "json_agg" || name == "jsonb_agg") {
      window.function_name = "list";
      Wrap(slot, "to_json");
      return Status::OK();
    }
    for (auto [postgres, duck] : kNames) {
      if (name == postgres) window.function_name = std::string(duck);
    }
    return Status::OK();
  }
  if (slot->GetExpressionClass() != duckdb::ExpressionClass::FUNCTION) return Status::OK();
  auto& fn = slot->Cast<duckdb::FunctionExpression>();
  if (fn.function_name == "extract") {  // RewriteWrittenForm's (the parser qualifies it: main.date_part)
    fn.function_name = "date_part";
    return Status::OK();
  }
  if (fn.is_operator) {
    EscapeLike(fn);
    RouteJsonOperators(fn);
    return Status::OK();
  }
  // The parser qualifies the SQL-standard forms itself: substring(s FROM p) is main.substring.
  if (!fn.catalog.empty() || !(fn.schema.empty() || fn.schema == "main")) return Status::OK();
  const std::string name = ToLowerAscii(fn.function_name);
  for (auto [postgres, duck] : kNames) {
    if (name == postgres) {
      fn.function_name = std::string(duck);
      return Status::OK();
    }
  }
  if (name == "json_agg" || name == "jsonb_agg") {
    // DuckDB's json_group_array is a macro, which takes no ORDER BY: the list aggregate does.
    fn.function_name = "list";
    Wrap(slot, "to_json");
  } else if (name == "date_trunc") {
    // A timestamp for every part, as in PostgreSQL. Under DuckDB's other name for it, so the walk
    // (which goes on into the wrapper's child) does not wrap it again.
    fn.function_name = "datetrunc";
    Wrap(slot, kDateAsTimestamp);
  } else if ((name == "generate_series" || name == "range") && fn.children.size() == 3) {
    // PostgreSQL reads a quoted step between timestamps as an interval: generate_series(now() -
    // interval '7 days', now(), '1 day'). A number's step is not quoted.
    if (const std::string* step = ConstantText(*fn.children[2]);
        step != nullptr && step->find_first_not_of("0123456789.+- ") != std::string::npos) {
      fn.children[2] = duckdb::make_uniq<duckdb::CastExpression>(duckdb::LogicalType::INTERVAL, std::move(fn.children[2]));
    }
  } else if (name == "to_char") {
    return ToChar(fn);
  } else if (name == "to_timestamp" && fn.children.size() == 2) {
    return ToStrftime(fn, "strptime");
  } else if (name == "to_date") {
    KALAM_RETURN_IF_ERROR(ToStrftime(fn, "strptime"));
    if (fn.function_name == "strptime") {
      const std::string alias = slot->GetAlias();
      slot->ClearAlias();
      slot = duckdb::make_uniq<duckdb::CastExpression>(duckdb::LogicalType::DATE, std::move(slot));
      slot->SetAlias(alias);
    }
  } else if (name == "regexp_match") {
    ToRegexpMatch<false>(slot);
  } else if (name == "substring" || name == "substr") {
    ToRegexpMatch<true>(slot);  // substring(s FROM 'pattern'): a string, not an integer, second
  }
  return Status::OK();
}

/// Whether `expr` is a numeric constant other than zero: a divisor that needs no check (and keeps
/// DuckDB's typing of integer literals).
bool IsNonZeroConstant(const duckdb::ParsedExpression& expr) {
  if (expr.GetExpressionClass() != duckdb::ExpressionClass::CONSTANT) return false;
  const duckdb::Value& value = expr.Cast<duckdb::ConstantExpression>().value;
  if (value.IsNull() || !value.type().IsNumeric()) return false;
  return value != duckdb::Value::Numeric(value.type(), 0);
}

/// `a / b`, `a % b`, `mod(a, b)`: the divisor becomes kalam_nonzero_divisor(b).
void GuardDivision(duckdb::unique_ptr<duckdb::ParsedExpression>& slot) {
  if (slot->GetExpressionClass() != duckdb::ExpressionClass::FUNCTION) return;
  auto& fn = slot->Cast<duckdb::FunctionExpression>();
  if (fn.children.size() != 2 || !fn.schema.empty() || !fn.catalog.empty()) return;
  const bool division = fn.is_operator ? fn.function_name == "/" || fn.function_name == "//" || fn.function_name == "%"
                                       : EqualsIgnoreCase(fn.function_name, "mod");
  if (!division || IsNonZeroConstant(*fn.children[1])) return;
  duckdb::vector<duckdb::unique_ptr<duckdb::ParsedExpression>> args;
  args.push_back(std::move(fn.children[1]));
  fn.children[1] = duckdb::make_uniq<duckdb::FunctionExpression>(kNonZeroDivisor, std::move(args));
}

/// PostgreSQL's JSON set-returning functions and the list functions of jsonb_functions.h that
/// unnest into their rows.
constexpr std::pair<std::string_view, std::string_view> kJsonSetLists[] = {
    {"json_array_elements", "kalam_jsonb_elements"},
    {"jsonb_array_elements", "kalam_jsonb_elements"},
    {"json_array_elements_text", "kalam_jsonb_elements_text"},
    {"jsonb_array_elements_text", "kalam_jsonb_elements_text"},
    {"json_object_keys", "kalam_jsonb_keys"},
    {"jsonb_object_keys", "kalam_jsonb_keys"}};

/// A JSON set-returning call in an expression of a select list (`jsonb_array_elements(x)`,
/// `jsonb_array_elements(x)->>'id'`, `upper(jsonb_array_elements_text(x))`) → unnest of its list,
/// which DuckDB also expands there. Subqueries have their own select lists; an unnest written out
/// is left alone.
void ExpandNestedJsonSets(duckdb::unique_ptr<duckdb::ParsedExpression>& slot) {
  if (slot->GetExpressionClass() == duckdb::ExpressionClass::SUBQUERY) return;
  if (slot->GetExpressionClass() == duckdb::ExpressionClass::FUNCTION) {
    auto& fn = slot->Cast<duckdb::FunctionExpression>();
    const std::string name = ToLowerAscii(fn.function_name);
    if (name == "unnest") return;
    if (fn.schema.empty() && fn.catalog.empty()) {
      for (auto [postgres, list] : kJsonSetLists) {
        if (name != postgres) continue;
        fn.function_name = std::string(list);
        Wrap(slot, "unnest");
        return;
      }
    }
  }
  duckdb::ParsedExpressionIterator::EnumerateChildren(
      *slot, [](duckdb::unique_ptr<duckdb::ParsedExpression>& child) { ExpandNestedJsonSets(child); });
}

/// `SELECT generate_series(1, 3)` is three rows in PostgreSQL (a set-returning function in the
/// select list) and one list in DuckDB: an item of the outermost select list that is such a call
/// becomes unnest(call), regexp_matches unnest of RegexpMatchesList. PostgreSQL's JSON
/// set-returning functions become unnest of the list functions of jsonb_functions.h in every select
/// list, inside expressions too (ExpandNestedJsonSets over SelectNodeWalk).
void ExpandSetReturning(duckdb::SQLStatement& statement) {
  if (statement.type != duckdb::StatementType::SELECT_STATEMENT) return;
  auto& select = statement.Cast<duckdb::SelectStatement>();
  if (select.node) {
    // Every select list; a table function in FROM is the gate's (from_functions.h).
    SelectNodeWalk walk{[](duckdb::SelectNode& node) {
                          for (auto& item : node.select_list) {
                            if (item) ExpandNestedJsonSets(item);
                          }
                        },
                        nullptr, /*expression_subqueries=*/true};
    walk.Node(*select.node);
  }
  if (!select.node || select.node->type != duckdb::QueryNodeType::SELECT_NODE) return;
  for (auto& item : select.node->Cast<duckdb::SelectNode>().select_list) {
    if (!item || item->GetExpressionClass() != duckdb::ExpressionClass::FUNCTION) continue;
    auto& fn = item->Cast<duckdb::FunctionExpression>();
    if (!fn.schema.empty() || !fn.catalog.empty()) continue;
    const std::string name = ToLowerAscii(fn.function_name);
    if (name == "regexp_matches") {
      // (Not `s ~ p`, which RewriteWrittenForms made a regexp_matches operator.)
      auto list = fn.is_operator ? nullptr : RegexpMatchesList(fn);
      if (list) {
        const std::string alias = item->GetAlias();
        duckdb::vector<duckdb::unique_ptr<duckdb::ParsedExpression>> args;
        args.push_back(std::move(list));
        item = duckdb::make_uniq<duckdb::FunctionExpression>("unnest", std::move(args));
        item->SetAlias(alias);
      }
      continue;
    }
    if (name == "generate_series") {
      Wrap(item, "unnest");  // (elsewhere DuckDB's list: list_contains(generate_series(1, 3), 2))
      continue;
    }
  }
}

}  // namespace

void GuardDivisions(duckdb::SQLStatement& statement) { ExpressionWalk(GuardDivision).Statement(statement); }

void RewriteWrittenForms(duckdb::SQLStatement& statement, std::string_view sql) {
  ExpressionWalk([sql](duckdb::unique_ptr<duckdb::ParsedExpression>& slot) {
    RewriteWrittenForm(slot, sql);
  }).Statement(statement);
}

Status RenamePostgresFunctions(duckdb::SQLStatement& statement) {
  ExpandSetReturning(statement);
  Status status;
  ExpressionWalk([&status](duckdb::unique_ptr<duckdb::ParsedExpression>& slot) {
    if (status.ok()) status = RenameFunction(slot);
  }).Statement(statement);
  return status;
}

}  // namespace kalam::engine::internal
