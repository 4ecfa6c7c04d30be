#include "exec/handlers/table_support.h"

#include <algorithm>

#include <fmt/format.h>

#include "catalog/permissions.h"
#include "catalog/table_families.h"
#include "common/path_template.h"
#include "common/shard.h"
#include "common/strings.h"
#include "common/time_format.h"
#include "common/value_coerce.h"
#include "exec/handlers/handlers.h"
#include "sql/quote.h"
#include "store/row_codec.h"

namespace kalam::exec::handlers {

Result<NamespaceId> ResolveNamespace(const sql::TableRef& ref, ExecContext& ctx, const Session& session) {
  std::optional<NamespaceId> ns = ref.ns ? ref.ns : session.current_namespace;
  if (ns && ns->value() == "system") {
    // System tables are read-only views of the catalog: only SELECT reaches them.
    return Status(ErrorCode::kPermissionDenied, fmt::format("permission denied for table {}", ref.name));
  }
  if (!ns) {
    return Status(ErrorCode::kNamespaceNotFound,
                  fmt::format("no namespace selected for \"{}\": write namespace.{} or USE a namespace",
                              ref.name, ref.name));
  }
  KALAM_RETURN_IF_ERROR(ctx.catalog->namespaces().Get(*ns));
  return *ns;
}

Result<catalog::TableRecord> ResolveTable(const sql::TableRef& ref, ExecContext& ctx, const Session& session) {
  KALAM_ASSIGN_OR_RETURN(NamespaceId ns, ResolveNamespace(ref, ctx, session));
  return ctx.catalog->tables().GetOrError(TableId{ns, ref.name});
}

Status RefuseReservedNamespace(const NamespaceId& ns) {
  if (!ns.IsReserved()) return Status::OK();
  return Status(ErrorCode::kPermissionDenied,
                fmt::format("permission denied: the tables of namespace {} belong to the server", ns.value()));
}

std::string RowCountMessage(int64_t n, std::string_view verb) {
  return fmt::format("{} {} {}.", n, n == 1 ? "row" : "rows", verb);
}

std::string QuoteIdent(std::string_view name) { return sql::QuoteIdentifier(name); }

std::string QualifiedName(const catalog::TableRecord& table) {
  return QuoteIdent(table.id.ns.value()) + "." + QuoteIdent(table.id.name.value());
}

Value GeneratedValue(DefaultKind kind, const DataType& type, ExecContext& ctx, const Session& session) {
  const int64_t now = session.statement_time_us != 0 ? session.statement_time_us : ctx.clock->NowMicros();
  switch (kind) {
    case DefaultKind::kNow:
      if (type.id == TypeId::kTimestamp) return now;
      return FormatTimestampMicros(now);
    case DefaultKind::kSnowflakeId:
      if (type.id == TypeId::kBigInt) return ctx.ids->Next();
      return std::to_string(ctx.ids->Next());
    case DefaultKind::kUuidV7:
      return NewUuidV7(*ctx.clock);
    case DefaultKind::kUuidV4:
      return NewUuidV4();
    case DefaultKind::kCurrentDate: {
      constexpr int64_t kMicrosPerDay = 86400LL * 1000000;
      const int64_t days = now / kMicrosPerDay - (now % kMicrosPerDay < 0 ? 1 : 0);
      if (type.id == TypeId::kDate) return days;
      return FormatDateDays(days);
    }
    case DefaultKind::kCurrentUser:
      return session.caller.username.value();
    case DefaultKind::kNone:
    case DefaultKind::kLiteral:
      break;
  }
  return std::monostate{};
}

Result<Value> ColumnDefault(const catalog::ColumnDef& column, ExecContext& ctx, const Session& session) {
  if (column.default_kind == DefaultKind::kLiteral) {
    if (!column.default_literal) return Value();
    return CoerceValue(*column.default_literal, column.type);
  }
  Value v = GeneratedValue(column.default_kind, column.type, ctx, session);
  if (std::holds_alternative<std::string>(v) && column.type.id != TypeId::kText) {
    return CoerceValue(v, column.type);
  }
  return v;
}

Status CheckNotNull(const catalog::TableRecord& table, const Row& row) {
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const auto& c = table.columns[i];
    if ((!c.nullable || c.primary_key) && IsNull(row[i])) {
      return Status(ErrorCode::kNotNullViolation,
                    fmt::format("null value in column \"{}\" of relation \"{}\" violates not-null "
                                "constraint",
                                c.name, table.id.name.value()));
    }
  }
  return Status::OK();
}

Result<Value> ConvertCell(const Value& value, const DataType& from, const DataType& to) {
  if (IsNull(value)) return value;
  if (from == to) return value;
  auto is_int = [](TypeId id) { return id == TypeId::kSmallInt || id == TypeId::kInt || id == TypeId::kBigInt; };
  if (is_int(from.id) && is_int(to.id)) return CoerceValue(value, to);
  // Temporal cells are numbers inside; hand them over as text.
  if (const auto* n = std::get_if<int64_t>(&value)) {
    switch (from.id) {
      case TypeId::kTimestamp:
        return CoerceValue(FormatTimestampMicros(*n), to);
      case TypeId::kDate:
        return CoerceValue(FormatDateDays(*n), to);
      case TypeId::kTime:
        return CoerceValue(FormatTimeMicros(*n), to);
      default:
        break;
    }
  }
  return CoerceValue(value, to);
}

namespace {

/// The row writes of `rows` and the shard writer they go to.
struct RowWrites {
  store::ShardWriter* writer = nullptr;
  std::vector<store::RowWrite> writes;
};

Result<RowWrites> BuildRowWrites(const catalog::TableRecord& table, const std::vector<Row>& rows,
                                 const std::vector<store::WriteKind>& kinds, ExecContext& ctx, const Session& session,
                                 const std::vector<Row>* old_rows) {
  const std::string& user = session.caller.username.value();
  int shard = ShardOf(user, ctx.user_shards);
  std::string family = catalog::FamilyOf(table, shard);
  if (!ctx.store->HasColumnFamily(family)) KALAM_RETURN_IF_ERROR(ctx.store->EnsureColumnFamily(family));
  std::vector<int32_t> ids = catalog::ColumnIdsOf(table);
  size_t pk = table.PrimaryKeyIndex();
  RowWrites out;
  out.writes.reserve(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    const Row& row = rows[r];
    // A cell of the wrong kind would make the table unreadable: refuse it before anything is written.
    for (size_t c = 0; c < row.size() && c < table.columns.size(); ++c) {
      if (!IsCellOf(row[c], table.columns[c].type.id)) {
        return Status(ErrorCode::kInternal, fmt::format("a value for column \"{}\" of relation \"{}\" is not a {}; "
                                                        "nothing was written",
                                                        table.columns[c].name, table.id.name.value(),
                                                        ToLowerAscii(table.columns[c].type.ToString())));
      }
    }
    std::string key_part = store::EncodeKeyPart(row[pk]);
    std::string key = table.IsPerUser() ? store::UserRowKey(user, key_part) : key_part;
    const bool tombstone = kinds[r] == store::WriteKind::kTombstone;
    out.writes.push_back(store::RowWrite{family, std::move(key),
                                         store::EncodeRow(0, tombstone, table.schema_version, ids, row), kinds[r]});
    if (old_rows != nullptr && r < old_rows->size() && !(*old_rows)[r].empty()) {
      out.writes.back().old_value = store::EncodeRow(0, false, table.schema_version, ids, (*old_rows)[r]);
    }
  }
  out.writer = table.type == TableType::kShared ? &ctx.writers->Shared() : &ctx.writers->ForShard(shard);
  return out;
}

/// The writer's answer, or its error with a duplicate key named as PostgreSQL does.
Result<std::vector<int64_t>> Written(std::string_view table_name, Result<std::vector<int64_t>> seqs) {
  if (!seqs.ok() && seqs.error().code() == ErrorCode::kUniqueViolation) {
    return Status(ErrorCode::kUniqueViolation,
                  fmt::format("duplicate key value violates unique constraint \"{}_pkey\"", table_name));
  }
  return seqs;
}

/// How many rows were written (a _seq each; 0 = skipped).
Result<int64_t> CountWritten(const Result<std::vector<int64_t>>& seqs) {
  if (!seqs.ok()) return seqs.error();
  int64_t written = 0;
  for (int64_t s : *seqs) written += s != 0 ? 1 : 0;
  return written;
}

std::vector<store::WriteKind> KindsOf(RowOp op, size_t rows) {
  const store::WriteKind kind = op == RowOp::kInsert   ? store::WriteKind::kInsert
                                : op == RowOp::kUpdate ? store::WriteKind::kUpdate
                                                       : store::WriteKind::kTombstone;
  return std::vector<store::WriteKind>(rows, kind);
}

}  // namespace

Result<std::vector<int64_t>> WriteRowKinds(const catalog::TableRecord& table, const std::vector<Row>& rows,
                                           const std::vector<store::WriteKind>& kinds, ExecContext& ctx,
                                           const Session& session, const std::vector<Row>* old_rows) {
  if (rows.empty()) return std::vector<int64_t>();
  KALAM_ASSIGN_OR_RETURN(RowWrites w, BuildRowWrites(table, rows, kinds, ctx, session, old_rows));
  return Written(table.id.name.value(), w.writer->Write(std::move(w.writes)));
}

void WriteRowKindsAsync(const catalog::TableRecord& table, const std::vector<Row>& rows,
                        const std::vector<store::WriteKind>& kinds, ExecContext& ctx, const Session& session,
                        std::function<void(Result<std::vector<int64_t>>)> done) {
  if (rows.empty()) return done(std::vector<int64_t>());
  auto w = BuildRowWrites(table, rows, kinds, ctx, session, nullptr);
  if (!w.ok()) return done(w.error());
  w->writer->WriteAsync(std::move(w->writes),
                        [name = table.id.name.value(), done = std::move(done)](Result<std::vector<int64_t>> seqs) {
                          done(Written(name, std::move(seqs)));
                        });
}

Result<int64_t> WriteRows(const catalog::TableRecord& table, const std::vector<Row>& rows, RowOp op,
                          ExecContext& ctx, const Session& session, const std::vector<Row>* old_rows) {
  return CountWritten(WriteRowKinds(table, rows, KindsOf(op, rows.size()), ctx, session, old_rows));
}

void WriteRowsAsync(const catalog::TableRecord& table, const std::vector<Row>& rows, RowOp op, ExecContext& ctx,
                    const Session& session, std::function<void(Result<int64_t>)> done) {
  WriteRowKindsAsync(table, rows, KindsOf(op, rows.size()), ctx, session,
                     [done = std::move(done)](Result<std::vector<int64_t>> seqs) { done(CountWritten(seqs)); });
}

Result<RowSet> PlainReturning(const catalog::TableRecord& table, const sql::ReturningList& items,
                              const std::vector<Row>& rows) {
  std::vector<size_t> picks;
  std::vector<std::string> names;
  for (const auto& item : items) {
    if (!item.plain()) return Status(ErrorCode::kInternal, "PlainReturning: an expression item");
    if (!item.column) {  // `*`
      for (size_t i = 0; i < table.columns.size(); ++i) {
        picks.push_back(i);
        names.push_back(table.columns[i].name);
      }
      continue;
    }
    auto idx = table.FindColumn(*item.column);
    if (!idx) return Status(ErrorCode::kColumnNotFound, fmt::format("column \"{}\" does not exist", *item.column));
    picks.push_back(*idx);
    names.push_back(item.alias.value_or(table.columns[*idx].name));
  }
  RowSet out;
  for (size_t k = 0; k < picks.size(); ++k) {
    const auto& c = table.columns[picks[k]];
    std::vector<std::string> flags;
    if (c.primary_key) flags.emplace_back("pk");
    if (!c.nullable || c.primary_key) flags.emplace_back("nn");
    out.columns.push_back(ColumnInfo{names[k], c.type, flags});
  }
  for (const Row& row : rows) {
    Row r;
    for (size_t i : picks) r.push_back(row[i]);
    out.rows.push_back(std::move(r));
  }
  return out;
}

Result<RowSet> Returning(const catalog::TableRecord& table, const sql::ReturningList& items,
                         const std::vector<Row>& rows, const std::vector<Value>& params, ExecContext& ctx,
                         const Session& session, std::string_view alias) {
  if (std::all_of(items.begin(), items.end(), [](const sql::ReturningItem& i) { return i.plain(); })) {
    return PlainReturning(table, items, rows);
  }
  // Every item through the engine (one query per 1,000 rows), `*` as the table's columns.
  std::vector<std::string> expressions;
  std::vector<std::optional<std::string>> aliases;
  for (const auto& item : items) {
    if (item.expression == "*") {
      for (const auto& c : table.columns) {
        expressions.push_back(QuoteIdent(c.name));
        aliases.emplace_back();
      }
      continue;
    }
    expressions.push_back(item.expression);
    aliases.push_back(item.alias);
  }
  // With no row, a row of NULLs gives the answer's names and types.
  const std::vector<Row> nulls = rows.empty() ? std::vector<Row>{Row(table.columns.size())} : std::vector<Row>{};
  KALAM_ASSIGN_OR_RETURN(RowSet out, ctx.engine->QueryOnRows(table, rows.empty() ? nulls : rows, expressions,
                                                             QueryContextOf(params, ctx, session), {}, alias));
  if (rows.empty()) out.rows.clear();
  for (size_t k = 0; k < aliases.size() && k < out.columns.size(); ++k) {
    if (aliases[k]) out.columns[k].name = *aliases[k];
  }
  return out;
}

Status CheckReturning(const catalog::TableRecord& table, const sql::ReturningList& items,
                      const std::vector<Value>& params, ExecContext& ctx, const Session& session,
                      std::string_view alias) {
  if (items.empty()) return Status::OK();
  return Returning(table, items, {}, params, ctx, session, alias).status();
}

}  // namespace kalam::exec::handlers
