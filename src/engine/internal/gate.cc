#include "engine/internal/gate.h"

#include <array>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "common/strings.h"
#include "catalog/permissions.h"
#include "duckdb/parser/expression/cast_expression.hpp"
#include "duckdb/parser/expression/columnref_expression.hpp"
#include "duckdb/parser/expression/constant_expression.hpp"
#include "duckdb/parser/expression/function_expression.hpp"
#include "duckdb/parser/expression/operator_expression.hpp"
#include "duckdb/parser/expression/star_expression.hpp"
#include "duckdb/parser/expression/subquery_expression.hpp"
#include "duckdb/parser/parsed_expression_iterator.hpp"
#include "duckdb/parser/query_node/cte_node.hpp"
#include "duckdb/parser/query_node/recursive_cte_node.hpp"
#include "duckdb/parser/query_node/select_node.hpp"
#include "duckdb/parser/query_node/set_operation_node.hpp"
#include "duckdb/parser/statement/select_statement.hpp"
#include "duckdb/parser/tableref/basetableref.hpp"
#include "duckdb/parser/tableref/expressionlistref.hpp"
#include "duckdb/parser/tableref/joinref.hpp"
#include "duckdb/parser/tableref/subqueryref.hpp"
#include "duckdb/parser/tableref/table_function_ref.hpp"
#include "engine/internal/from_functions.h"
#include "engine/internal/statement_time.h"
#include "engine/internal/system_scan.h"

namespace kalam::engine::internal {
namespace {

constexpr std::array<std::string_view, 3> kAllowedTableFunctions = {"range", "generate_series",
                                                                    "unnest"};
// Scalar functions that reveal engine state (settings, variables) rather than compute on data.
constexpr std::array<std::string_view, 5> kRefusedScalarFunctions = {
    "current_setting", "getvariable", "set_variable", "duckdb_secret_type", "which_secret"};

/// PostgreSQL's functions that name the user running the statement (current_role too: users are
/// roles there), written without parentheses — DuckDB parses those as columns — or, but for `user`
/// (a plausible column name), with them.
bool IsCallerFunction(std::string_view name, bool called) {
  return EqualsIgnoreCase(name, "current_user") || EqualsIgnoreCase(name, "session_user") ||
         EqualsIgnoreCase(name, "current_role") || (called && EqualsIgnoreCase(name, "user"));
}

/// PostgreSQL's functions of the session's database and schema (`current_schema` and
/// `current_catalog` also without parentheses); DuckDB's would name its own (`main`, `memory`).
bool IsSessionFunction(std::string_view name, bool called) {
  return EqualsIgnoreCase(name, "current_schema") || (called && EqualsIgnoreCase(name, "current_database")) ||
         (!called && EqualsIgnoreCase(name, "current_catalog"));
}

class Gate {
  /// The alias of a KalamDB table in the FROM being checked and its declared columns (none when
  /// the FROM renames them).
  struct KalamAlias {
    std::string alias;
    std::vector<std::string> columns;
  };

 public:
  explicit Gate(const GateContext& ctx) : ctx_(ctx) {}

  Status CheckStatement(duckdb::SQLStatement& statement) {
    if (statement.type != duckdb::StatementType::SELECT_STATEMENT) {
      return Denied("only SELECT queries are allowed here", duckdb::optional_idx());
    }
    CheckSelect(statement.Cast<duckdb::SelectStatement>());
    return status_;
  }

 private:
  bool Failed() const { return !status_.ok(); }

  void Fail(Status s) {
    if (status_.ok()) status_ = std::move(s);
  }

  std::optional<int> Position(duckdb::optional_idx location) const {
    if (!location.IsValid()) return std::nullopt;
    return CharPosition(ctx_.sql, location.GetIndex());
  }

  Status Denied(std::string message, duckdb::optional_idx location) const {
    return Status(ErrorCode::kPermissionDenied, "permission denied: " + message, Position(location));
  }

  void CheckSelect(duckdb::SelectStatement& select) {
    if (select.node) CheckNode(*select.node);
  }

  void CheckNode(duckdb::QueryNode& node) {
    if (Failed()) return;
    // CTE names are visible to their own bodies (recursive CTEs) and to the rest of the query.
    size_t scope_size = cte_names_.size();
    for (auto& [name, info] : node.cte_map.map) cte_names_.push_back(ToLowerAscii(name));
    for (auto& [name, info] : node.cte_map.map) {
      if (info && info->query) CheckSelect(*info->query);
      if (info) CheckExpressions(info->key_targets);
    }
    switch (node.type) {
      case duckdb::QueryNodeType::SELECT_NODE:
        function_columns_.emplace_back();
        CheckSelectNode(node.Cast<duckdb::SelectNode>());
        break;
      case duckdb::QueryNodeType::SET_OPERATION_NODE: {
        auto& set_op = node.Cast<duckdb::SetOperationNode>();
        if (set_op.left) CheckNode(*set_op.left);
        if (set_op.right) CheckNode(*set_op.right);
        break;
      }
      case duckdb::QueryNodeType::RECURSIVE_CTE_NODE: {
        auto& cte = node.Cast<duckdb::RecursiveCTENode>();
        cte_names_.push_back(ToLowerAscii(cte.ctename));
        if (cte.left) CheckNode(*cte.left);
        if (cte.right) CheckNode(*cte.right);
        CheckExpressions(cte.key_targets);
        break;
      }
      case duckdb::QueryNodeType::CTE_NODE: {
        auto& cte = node.Cast<duckdb::CTENode>();
        cte_names_.push_back(ToLowerAscii(cte.ctename));
        if (cte.query) CheckNode(*cte.query);
        if (cte.child) CheckNode(*cte.child);
        break;
      }
      case duckdb::QueryNodeType::BOUND_SUBQUERY_NODE:
        Fail(Denied("unsupported query form", duckdb::optional_idx()));
        break;
    }
    duckdb::ParsedExpressionIterator::EnumerateQueryNodeModifiers(
        node, [&](duckdb::unique_ptr<duckdb::ParsedExpression>& child) {
          if (child) CheckExpression(child);
        });
    if (node.type == duckdb::QueryNodeType::SELECT_NODE) function_columns_.pop_back();
    cte_names_.resize(scope_size);
  }

  void CheckSelectNode(duckdb::SelectNode& node) {
    kalam_aliases_.emplace_back();
    if (node.from_table) CheckRef(node.from_table);
    HideSystemColumnsFromStars(node.select_list, kalam_aliases_.back());
    row_aliases_.push_back(std::move(kalam_aliases_.back()));
    kalam_aliases_.pop_back();
    for (auto& item : node.select_list) {
      select_item_ = item.get();
      if (item) CheckExpression(item);
    }
    row_aliases_.pop_back();
    if (node.where_clause) CheckExpression(node.where_clause);
    CheckExpressions(node.groups.group_expressions);
    if (node.having) CheckExpression(node.having);
    if (node.qualify) CheckExpression(node.qualify);
  }

  void CheckExpressions(duckdb::vector<duckdb::unique_ptr<duckdb::ParsedExpression>>& list) {
    for (auto& e : list) {
      if (e) CheckExpression(e);
    }
  }

  /// Takes the expression's slot: a call naming the caller is replaced by the caller's name.
  void CheckExpression(duckdb::unique_ptr<duckdb::ParsedExpression>& slot) {
    if (Failed()) return;
    duckdb::ParsedExpression& expr = *slot;
    if (expr.GetExpressionClass() == duckdb::ExpressionClass::COLUMN_REF) {
      auto& column = expr.Cast<duckdb::ColumnRefExpression>();
      // (Checked on every column of every query: no lower-cased copy unless it is one.)
      if (!column.IsQualified() && IsCallerFunction(column.GetColumnName(), false)) {
        return NameCaller(slot, ToLowerAscii(column.GetColumnName()));
      }
      if (!column.IsQualified() && IsSessionFunction(column.GetColumnName(), false)) {
        return NameSession(slot, ToLowerAscii(column.GetColumnName()));
      }
      if (!column.IsQualified()) {
        if (auto value = StatementTimeValue(column.GetColumnName(), false, std::nullopt, ctx_.now_us);
            value && !Quoted(expr)) {
          return Replace(slot, ToLowerAscii(column.GetColumnName()), std::move(*value));
        }
      }
      if (!column.IsQualified()) {
        if (const KalamAlias* row = RowAlias(column.GetColumnName())) return ReplaceByRow(slot, *row);
      }
      DropNamespaceQualifier(column);
      if (!function_columns_.empty()) QualifyFunctionColumn(column);
    }
    if (expr.GetExpressionClass() == duckdb::ExpressionClass::CAST) {
      // PostgreSQL's binary JSON, `'{"a":1}'::jsonb`, is KalamDB's (and DuckDB's) JSON.
      auto& cast = expr.Cast<duckdb::CastExpression>();
      if (cast.cast_type.id() == duckdb::LogicalTypeId::USER &&
          ToLowerAscii(duckdb::UserType::GetTypeName(cast.cast_type)) == "jsonb") {
        cast.cast_type = duckdb::LogicalType::JSON();
      }
      // `x::timestamp(0)` (DuckDB: TIMESTAMP_S, which a TIMESTAMPTZ such as now() cannot be cast
      // to): through TIMESTAMP first. KalamDB's timestamps are UTC, so nothing shifts.
      const auto id = cast.cast_type.id();
      if (id == duckdb::LogicalTypeId::TIMESTAMP_SEC || id == duckdb::LogicalTypeId::TIMESTAMP_MS ||
          id == duckdb::LogicalTypeId::TIMESTAMP_NS) {
        cast.child = duckdb::make_uniq<duckdb::CastExpression>(duckdb::LogicalType::TIMESTAMP, std::move(cast.child));
      }
    }
    if (expr.GetExpressionClass() == duckdb::ExpressionClass::SUBQUERY) {
      auto& sub = expr.Cast<duckdb::SubqueryExpression>();
      if (sub.subquery) CheckSelect(*sub.subquery);
    }
    if (expr.GetExpressionClass() == duckdb::ExpressionClass::FUNCTION) {
      auto& fn = expr.Cast<duckdb::FunctionExpression>();
      std::string name = ToLowerAscii(fn.function_name);
      // The parser itself qualifies some built-ins (list literals become main.list_value).
      std::string schema = ToLowerAscii(fn.schema);
      if (!fn.catalog.empty() || !(schema.empty() || schema == "main" || schema == "pg_catalog")) {
        return Fail(Denied(fmt::format("function {}.{} may not be called", fn.schema, name),
                           expr.GetQueryLocation()));
      }
      if (fn.children.empty() && IsCallerFunction(name, true)) return NameCaller(slot, name);
      // `to_jsonb(m.*)`: PostgreSQL's whole row as one argument (DuckDB would spread the columns).
      // (The parser makes a star in a call an unpacked COLUMNS(c.*).)
      for (auto& child : fn.children) {
        if (!child) continue;
        const duckdb::ParsedExpression* star_expr = child.get();
        if (child->GetExpressionType() == duckdb::ExpressionType::OPERATOR_UNPACK) {
          const auto& unpack = child->Cast<duckdb::OperatorExpression>();
          star_expr = unpack.children.size() == 1 ? unpack.children[0].get() : nullptr;
        }
        if (star_expr == nullptr || star_expr->GetExpressionClass() != duckdb::ExpressionClass::STAR) continue;
        const auto& star = star_expr->Cast<duckdb::StarExpression>();
        if (star.relation_name.empty() || star.expr || !star.exclude_list.empty() || !star.replace_list.empty()) continue;
        if (const KalamAlias* row = RowAlias(star.relation_name)) ReplaceByRow(child, *row);
      }
      if (fn.children.empty() && IsSessionFunction(name, true)) return NameSession(slot, name);
      if (auto value = StatementTimeValue(name, true, PrecisionArgument(fn), ctx_.now_us);
          value && fn.children.size() <= 1) {
        return Replace(slot, name, std::move(*value));
      }
      for (auto refused : kRefusedScalarFunctions) {
        if (name == refused) {
          return Fail(Denied(fmt::format("function {} may not be called", name),
                             expr.GetQueryLocation()));
        }
      }
    }
    duckdb::ParsedExpressionIterator::EnumerateChildren(
        expr, [&](duckdb::unique_ptr<duckdb::ParsedExpression>& child) { CheckExpression(child); });
  }

  /// `ns.t.col` (PostgreSQL's schema-qualified column) → `t.col` when `ns.t` is a table of the
  /// statement's FROM without an alias: the gate made it a table function named `t`.
  void DropNamespaceQualifier(duckdb::ColumnRefExpression& column) const {
    auto& names = column.column_names;
    if (names.size() < 3) return;
    for (const auto& [schema, table] : qualified_tables_) {
      if (EqualsIgnoreCase(names[0], schema) && EqualsIgnoreCase(names[1], table)) {
        names.erase(names.begin());
        return;
      }
    }
  }

  /// Whether the expression's text starts with a double quote: `"current_date"` names a column.
  bool Quoted(const duckdb::ParsedExpression& expr) const {
    const auto location = expr.GetQueryLocation();
    return location.IsValid() && location.GetIndex() < ctx_.sql.size() && ctx_.sql[location.GetIndex()] == '"';
  }

  /// The p of `current_timestamp(p)`: the call's one argument when it is an integer constant.
  static std::optional<int64_t> PrecisionArgument(const duckdb::FunctionExpression& fn) {
    if (fn.children.size() != 1 || !fn.children[0] ||
        fn.children[0]->GetExpressionClass() != duckdb::ExpressionClass::CONSTANT) {
      return std::nullopt;
    }
    const duckdb::Value& value = fn.children[0]->Cast<duckdb::ConstantExpression>().value;
    if (value.IsNull() || !value.type().IsIntegral()) return std::nullopt;
    return value.GetValue<int64_t>();
  }

  /// Replaces a call naming the user by the caller's name: DuckDB would answer its own ("duckdb").
  void NameCaller(duckdb::unique_ptr<duckdb::ParsedExpression>& slot, const std::string& name) {
    Replace(slot, name, duckdb::Value(ctx_.caller->username.value()));
  }

  /// current_schema: the namespace unqualified names resolve in (NULL without one, as PostgreSQL
  /// with an empty search_path); current_database/current_catalog: `kalamdb`.
  void NameSession(duckdb::unique_ptr<duckdb::ParsedExpression>& slot, const std::string& name) {
    if (name != "current_schema") return Replace(slot, name, duckdb::Value("kalamdb"));
    const auto& ns = *ctx_.default_namespace;
    Replace(slot, name, ns ? duckdb::Value(ns->value()) : duckdb::Value(duckdb::LogicalType::VARCHAR));
  }

  /// The slot's expression becomes `value`; an item of a select list keeps its column name, `name`
  /// unless it has an alias. (Nowhere else: an alias in a table function's arguments
  /// would make a named parameter of it.)
  void Replace(duckdb::unique_ptr<duckdb::ParsedExpression>& slot, const std::string& name, duckdb::Value value) {
    const bool item = slot.get() == select_item_;
    std::string alias = slot->GetAlias();
    slot = duckdb::make_uniq<duckdb::ConstantExpression>(std::move(value));
    if (item || !alias.empty()) slot->SetAlias(alias.empty() ? name : alias);
  }

  /// `SELECT *` shows declared columns only (CONTRACT §3): every star over a KalamDB table gets
  /// `EXCLUDE (alias._seq, alias._deleted)`; naming the system columns still works.
  static void HideSystemColumnsFromStars(
      duckdb::vector<duckdb::unique_ptr<duckdb::ParsedExpression>>& list,
      const std::vector<KalamAlias>& aliases) {
    if (aliases.empty()) return;
    for (auto& e : list) {
      if (!e || e->GetExpressionClass() != duckdb::ExpressionClass::STAR) continue;
      auto& star = e->Cast<duckdb::StarExpression>();
      if (star.columns) continue;
      for (const auto& [alias, columns] : aliases) {
        if (!star.relation_name.empty() && !EqualsIgnoreCase(star.relation_name, alias)) continue;
        star.exclude_list.insert(duckdb::QualifiedColumnName(alias, "_seq"));
        star.exclude_list.insert(duckdb::QualifiedColumnName(alias, "_deleted"));
      }
    }
  }

  void CheckRef(duckdb::unique_ptr<duckdb::TableRef>& ref_ptr) {
    if (Failed()) return;
    duckdb::TableRef& ref = *ref_ptr;
    switch (ref.type) {
      case duckdb::TableReferenceType::BASE_TABLE:
        return CheckBaseTable(ref_ptr);
      case duckdb::TableReferenceType::SUBQUERY: {
        auto& sub = ref.Cast<duckdb::SubqueryRef>();
        if (sub.subquery) CheckSelect(*sub.subquery);
        return;
      }
      case duckdb::TableReferenceType::JOIN: {
        auto& join = ref.Cast<duckdb::JoinRef>();
        if (join.left) CheckRef(join.left);
        if (join.right) CheckRef(join.right);
        if (join.condition) CheckExpression(join.condition);
        CheckExpressions(join.duplicate_eliminated_columns);
        return;
      }
      case duckdb::TableReferenceType::TABLE_FUNCTION:
        if (auto expanded = ExpandFunctionInFrom(ref.Cast<duckdb::TableFunctionRef>())) {
          RememberFunctionColumn(*expanded);
          ref_ptr = std::move(expanded);
          return CheckRef(ref_ptr);
        }
        return CheckTableFunction(ref.Cast<duckdb::TableFunctionRef>());
      case duckdb::TableReferenceType::EXPRESSION_LIST:
        for (auto& row : ref.Cast<duckdb::ExpressionListRef>().values) CheckExpressions(row);
        return;
      case duckdb::TableReferenceType::EMPTY_FROM:
        return;
      default:
        return Fail(Denied("unsupported FROM item", ref.query_location));
    }
  }

  void CheckTableFunction(duckdb::TableFunctionRef& ref) {
    if (!ref.function || ref.function->GetExpressionClass() != duckdb::ExpressionClass::FUNCTION) {
      return Fail(Denied("unsupported table function", ref.query_location));
    }
    auto& fn = ref.function->Cast<duckdb::FunctionExpression>();
    std::string name = ToLowerAscii(fn.function_name);
    bool allowed = fn.catalog.empty() && fn.schema.empty();
    bool listed = false;
    for (auto a : kAllowedTableFunctions) listed |= name == a;
    if (!allowed || !listed) {
      return Fail(Denied(fmt::format("table function {} may not be called", name),
                         ref.query_location));
    }
    CheckExpressions(fn.children);
    if (ref.subquery) CheckSelect(*ref.subquery);
  }

  /// `FROM jsonb_array_elements_text(x) AS tag`: PostgreSQL reads `tag` as the function's one
  /// column (`value`), remembered here for the select node being checked.
  void RememberFunctionColumn(const duckdb::TableRef& ref) {
    if (ref.type != duckdb::TableReferenceType::TABLE_FUNCTION || ref.alias.empty() ||
        ref.column_name_alias.size() != 1 || function_columns_.empty()) {
      return;
    }
    if (!EqualsIgnoreCase(ref.alias, ref.column_name_alias[0])) {
      function_columns_.back().emplace_back(ref.alias, ref.column_name_alias[0]);
    }
  }

  /// `tag` → `tag.value` when `tag` is such an alias (RememberFunctionColumn) in this or an
  /// enclosing select.
  void QualifyFunctionColumn(duckdb::ColumnRefExpression& column) const {
    if (column.IsQualified()) return;
    for (auto level = function_columns_.rbegin(); level != function_columns_.rend(); ++level) {
      for (const auto& [alias, name] : *level) {
        if (EqualsIgnoreCase(column.GetColumnName(), alias)) {
          if (column.GetAlias().empty()) column.SetAlias(column.GetColumnName());  // the result column's name
          column.column_names = {alias, name};
          return;
        }
      }
    }
  }

  bool IsCte(const std::string& name) const {
    for (const auto& n : cte_names_) {
      if (n == name) return true;
    }
    return false;
  }

  void CheckBaseTable(duckdb::unique_ptr<duckdb::TableRef>& ref_ptr) {
    auto& ref = ref_ptr->Cast<duckdb::BaseTableRef>();
    if (ref.at_clause) return Fail(Denied("AT clauses are not allowed", ref.query_location));
    if (!ref.catalog_name.empty()) {
      return Fail(Denied(fmt::format("relation {}.{}.{} is outside KalamDB", ref.catalog_name,
                                     ref.schema_name, ref.table_name),
                         ref.query_location));
    }
    std::string schema = ref.schema_name;
    std::string table = ref.table_name;
    // A file path or URL in FROM ('x.parquet') arrives as a table name no identifier can be.
    if (!IsValidIdentifier(table)) {
      return Fail(Denied("file paths and URLs may not be read", ref.query_location));
    }
    if (schema.empty() && IsCte(ToLowerAscii(table))) return;
    std::string lower_schema = ToLowerAscii(schema);
    if (!schema.empty() && ref.alias.empty()) qualified_tables_.emplace_back(schema, table);
    if (lower_schema == "system") return RewriteSystemTable(ref, ToLowerAscii(ref.table_name));
    std::string lower_table = ToLowerAscii(table);
    if (lower_schema == "information_schema" &&
        (lower_table == "tables" || lower_table == "columns" || lower_table == "schemata")) {
      return RewriteSystemTable(ref, "information_schema." + lower_table);
    }
    if (lower_schema == "information_schema" || lower_schema == "pg_catalog" ||
        lower_schema == "main" || lower_schema == "temp" || lower_schema == "memory") {
      return Fail(Denied(fmt::format("engine catalog {}.{} may not be read", schema, table),
                         ref.query_location));
    }
    std::optional<NamespaceId> ns;
    if (!schema.empty()) {
      auto parsed = NamespaceId::Parse(schema);
      if (parsed.ok()) ns = FindNamespace(*parsed);
      if (!ns) {
        return Fail(Status(ErrorCode::kNamespaceNotFound,
                           fmt::format("namespace \"{}\" does not exist", schema),
                           Position(ref.query_location)));
      }
    } else if (*ctx_.default_namespace) {
      ns = **ctx_.default_namespace;
    }
    std::optional<catalog::TableRecord> record;
    if (ns) record = FindTable(*ns, table);
    if (!record) {
      std::string shown = schema.empty() ? table : schema + "." + table;
      return Fail(Status(ErrorCode::kTableNotFound, fmt::format("relation \"{}\" does not exist", shown),
                         Position(ref.query_location)));
    }
    if (!catalog::MayRead(ctx_.caller->role, *record)) {
      return Fail(Status(ErrorCode::kPermissionDenied,
                         fmt::format("permission denied for table {}", record->id.name.value()),
                         Position(ref.query_location)));
    }
    // The table becomes kalam_scan('ns','t'), which reads the caller from the connection.
    auto scan = duckdb::make_uniq<duckdb::TableFunctionRef>();
    duckdb::vector<duckdb::unique_ptr<duckdb::ParsedExpression>> args;
    args.push_back(duckdb::make_uniq<duckdb::ConstantExpression>(duckdb::Value(record->id.ns.value())));
    args.push_back(duckdb::make_uniq<duckdb::ConstantExpression>(duckdb::Value(record->id.name.value())));
    scan->function = duckdb::make_uniq<duckdb::FunctionExpression>("kalam_scan", std::move(args));
    scan->alias = ref.alias.empty() ? ref.table_name : ref.alias;
    scan->column_name_alias = ref.column_name_alias;
    scan->query_location = ref.query_location;
    if (!kalam_aliases_.empty()) {
      KalamAlias entry{scan->alias, {}};
      if (ref.column_name_alias.empty()) {
        for (const auto& c : record->columns) entry.columns.push_back(c.name);
      }
      kalam_aliases_.back().push_back(std::move(entry));
    }
    ref_ptr = std::move(scan);
  }

  /// Unquoted names arrive as written; KalamDB names are lower-case unless quoted.
  std::optional<NamespaceId> FindNamespace(const NamespaceId& ns) const {
    if (ctx_.catalog->namespaces().Exists(ns)) return ns;
    auto lower = NamespaceId::Parse(ToLowerAscii(ns.value()));
    if (lower.ok() && ctx_.catalog->namespaces().Exists(*lower)) return *lower;
    return std::nullopt;
  }

  std::optional<catalog::TableRecord> FindTable(const NamespaceId& ns, const std::string& name) const {
    for (const std::string& candidate : {name, ToLowerAscii(name)}) {
      auto parsed = TableName::Parse(candidate);
      if (!parsed.ok()) continue;
      auto record = ctx_.catalog->tables().Get(TableId{ns, *parsed});
      if (record) return record;
    }
    return std::nullopt;
  }

  /// `system.x` (and the three served information_schema views) → the hidden view of that
  /// registry entry. Registry names with a dot are reachable only through their own schema.
  void RewriteSystemTable(duckdb::BaseTableRef& ref, const std::string& name) {
    const catalog::SystemTable* table = ctx_.catalog->system_tables().Find(name);
    if (table == nullptr || (name.find('.') != std::string::npos &&
                             ToLowerAscii(ref.schema_name) == "system")) {
      return Fail(Status(ErrorCode::kTableNotFound,
                         fmt::format("relation \"system.{}\" does not exist", ref.table_name),
                         Position(ref.query_location)));
    }
    Role role = ctx_.caller->role;
    if (!table->any_role && role != Role::kDba && role != Role::kSystem) {
      return Fail(Status(ErrorCode::kPermissionDenied,
                         fmt::format("permission denied for table {}", name),
                         Position(ref.query_location)));
    }
    if (ref.alias.empty()) ref.alias = ref.table_name;
    ref.schema_name = kSystemSchema;
    ref.table_name = name;
  }

  /// The KalamDB table whose alias an unqualified name of the select list is — PostgreSQL's
  /// whole-row reference (`row_to_json(m)`) — unless a column of the FROM has that name.
  const KalamAlias* RowAlias(const std::string& name) const {
    if (row_aliases_.empty()) return nullptr;
    const KalamAlias* found = nullptr;
    for (const auto& a : row_aliases_.back()) {  // (most names are no alias: columns only then)
      if (EqualsIgnoreCase(a.alias, name) && !a.columns.empty()) found = &a;
    }
    if (found == nullptr) return nullptr;
    for (const auto& a : row_aliases_.back()) {
      for (const auto& c : a.columns) {
        if (EqualsIgnoreCase(c, name)) return nullptr;
      }
    }
    return found;
  }

  /// The row as a struct of its declared columns (DuckDB's alias-as-a-value holds `_seq` and
  /// `_deleted` too; CONTRACT §3: system columns only when named).
  static void ReplaceByRow(duckdb::unique_ptr<duckdb::ParsedExpression>& slot, const KalamAlias& row) {
    duckdb::vector<duckdb::unique_ptr<duckdb::ParsedExpression>> fields;
    for (const auto& c : row.columns) {
      auto field = duckdb::make_uniq<duckdb::ColumnRefExpression>(c, row.alias);
      field->SetAlias(c);
      fields.push_back(std::move(field));
    }
    const std::string alias = slot->GetAlias();
    slot = duckdb::make_uniq<duckdb::FunctionExpression>("struct_pack", std::move(fields));
    slot->SetAlias(alias.empty() ? row.alias : alias);
  }

  const GateContext& ctx_;
  Status status_;
  std::vector<std::string> cte_names_;
  // Per SELECT node being checked: aliases of the KalamDB tables in its FROM.
  std::vector<std::vector<KalamAlias>> kalam_aliases_;
  // Per select list being checked: the KalamDB tables of its FROM (RowAlias).
  std::vector<std::vector<KalamAlias>> row_aliases_;
  /// Per select node being checked: (alias, column) of its one-column JSON table functions.
  std::vector<std::vector<std::pair<std::string, std::string>>> function_columns_;
  // The item of the select list being checked, for Replace.
  const duckdb::ParsedExpression* select_item_ = nullptr;
  // `ns.t` of every FROM so far written without an alias (see DropNamespaceQualifier).
  std::vector<std::pair<std::string, std::string>> qualified_tables_;
};

}  // namespace

Status CheckAndRewrite(duckdb::SQLStatement& statement, const GateContext& ctx) {
  return Gate(ctx).CheckStatement(statement);
}

}  // namespace kalam::engine::internal
