#include "engine/internal/table_scan.h"

#include <algorithm>

#include <fmt/format.h>

#include "catalog/permissions.h"
#include "catalog/table_families.h"
#include "common/snowflake.h"
#include "duckdb/catalog/catalog.hpp"
#include "duckdb/main/client_context.hpp"
#include "duckdb/parser/parsed_data/create_table_function_info.hpp"
#include "duckdb/planner/operator/logical_get.hpp"
#include "duckdb/parser/parser.hpp"
#include "duckdb/parser/statement/select_statement.hpp"
#include "duckdb/parser/tableref/subqueryref.hpp"
#include "sql/quote.h"
#include "engine/internal/key_ranges.h"
#include "engine/internal/system_scan.h"
#include "engine/internal/types.h"
#include "store/row_codec.h"

namespace kalam::engine::internal {

using sql::QuoteIdentifier;
using sql::QuoteLiteral;
namespace {

struct ScanInfo final : public duckdb::TableFunctionInfo {
  const ScanContext* ctx = nullptr;
};

struct ScanData final : public duckdb::TableFunctionData {
  explicit ScanData(catalog::TableRecord t) : table(std::move(t)) {}
  catalog::TableRecord table;
  std::string family;
  std::string prefix;  // "user \0" for per-user tables, "" for SHARED
  std::vector<int32_t> column_ids;
  Row missing;  // values of columns added after a row was written
  int64_t expire_before_ms = 0;  // STREAM: rows older than this are hidden
  /// Keys pushed down from primary-key filters (KeyRangesOf); nullopt: the whole partition.
  std::optional<std::vector<KeyRange>> key_ranges;
  bool tombstones = false;  // kalam_hot: deleted versions too (they hide flushed ones)
  std::shared_ptr<const store::Snapshot> snapshot;  // the query's
  const ScanContext* ctx = nullptr;

  // The caller, the file list and the rows change between executions: never cache a plan.
  bool SupportStatementCache() const override { return false; }
  duckdb::unique_ptr<duckdb::FunctionData> Copy() const override {
    return duckdb::make_uniq<ScanData>(*this);
  }
  bool Equals(const duckdb::FunctionData& other) const override {
    const auto& o = other.Cast<ScanData>();
    return family == o.family && prefix == o.prefix && key_ranges == o.key_ranges &&
           tombstones == o.tombstones && snapshot == o.snapshot;
  }
};

struct ScanState final : public duckdb::GlobalTableFunctionState {
  std::unique_ptr<store::Cursor> cursor;
  std::vector<duckdb::column_t> columns;
  size_t range = 0;  // the key range being read (with key_ranges)
  bool done = false;
};

/// The table named by the first two arguments, checked against the caller's read permission.
struct Resolved {
  catalog::TableRecord table;
  Caller caller;
};

Resolved Resolve(duckdb::ClientContext& context, const duckdb::vector<duckdb::Value>& inputs, const ScanContext* ctx) {
  auto ns = NamespaceId::Parse(inputs[0].GetValue<std::string>());
  auto name = TableName::Parse(inputs[1].GetValue<std::string>());
  if (!ns.ok() || !name.ok()) throw duckdb::CatalogException("invalid table reference");
  TableId id{*ns, *name};
  auto table = ctx->catalog->tables().Get(id);
  if (!table) throw duckdb::CatalogException("Table with name %s does not exist", id.ToString());
  auto caller = ctx->sessions->Find(context.GetConnectionId());
  if (!caller || !catalog::MayRead(caller->role, *table)) {
    throw duckdb::PermissionException("permission denied for table %s", name->value());
  }
  return Resolved{std::move(*table), std::move(*caller)};
}

duckdb::unique_ptr<duckdb::FunctionData> BindRows(duckdb::ClientContext& context, const ScanContext* ctx,
                                                  Resolved resolved, const std::string& user, bool tombstones,
                                                  duckdb::vector<duckdb::LogicalType>& types,
                                                  duckdb::vector<duckdb::string>& names) {
  const catalog::TableRecord& table = resolved.table;
  for (const auto& c : table.columns) {
    types.push_back(ToLogicalType(c.type));
    names.push_back(c.name);
  }
  types.push_back(duckdb::LogicalType::BIGINT);
  names.emplace_back("_seq");
  types.push_back(duckdb::LogicalType::BOOLEAN);
  names.emplace_back("_deleted");

  auto data = duckdb::make_uniq<ScanData>(table);
  data->ctx = ctx;
  data->tombstones = tombstones;
  data->snapshot = ctx->sessions->SnapshotOf(context.GetConnectionId(), *ctx->store);
  data->column_ids = catalog::ColumnIdsOf(table);
  data->missing = catalog::MissingValues(table);
  data->family = catalog::FamilyOf(table, ShardOf(user, ctx->user_shards));
  if (table.IsPerUser()) data->prefix = store::UserPrefix(user);
  if (table.type == TableType::kStream && table.ttl_seconds) {
    data->expire_before_ms = ctx->clock->NowMicros() / 1000 - *table.ttl_seconds * 1000;
  }
  return data;
}

duckdb::unique_ptr<duckdb::FunctionData> Bind(duckdb::ClientContext& context,
                                              duckdb::TableFunctionBindInput& input,
                                              duckdb::vector<duckdb::LogicalType>& types,
                                              duckdb::vector<duckdb::string>& names) {
  const ScanContext* ctx = input.info->Cast<ScanInfo>().ctx;
  Resolved resolved = Resolve(context, input.inputs, ctx);
  std::string user = resolved.caller.username.value();
  if (ctx->table_scans != nullptr) ctx->table_scans->fetch_add(1, std::memory_order_relaxed);
  return BindRows(context, ctx, std::move(resolved), user, /*tombstones=*/false, types, names);
}

duckdb::unique_ptr<duckdb::FunctionData> BindHot(duckdb::ClientContext& context,
                                                 duckdb::TableFunctionBindInput& input,
                                                 duckdb::vector<duckdb::LogicalType>& types,
                                                 duckdb::vector<duckdb::string>& names) {
  const ScanContext* ctx = input.info->Cast<ScanInfo>().ctx;
  Resolved resolved = Resolve(context, input.inputs, ctx);
  std::string user = input.inputs[2].GetValue<std::string>();
  if (user.empty()) {
    user = resolved.caller.username.value();
  } else if (resolved.caller.role != Role::kSystem) {
    throw duckdb::PermissionException("permission denied for table %s", resolved.table.id.name.value());
  }
  return BindRows(context, ctx, std::move(resolved), user, /*tombstones=*/true, types, names);
}

/// One Parquet file's columns under the table's current names: the file's name for a column it
/// has, the column's value for older rows (missing_literal, else NULL) for one added later.
std::string FileColumns(const catalog::TableRecord& table, const cold::Segment& segment) {
  const Row missing = catalog::MissingValues(table);
  std::string out;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const auto& c = table.columns[i];
    const cold::SegmentColumn* in_file = nullptr;
    for (const auto& sc : segment.columns) {
      if (sc.column_id == c.column_id) in_file = &sc;
    }
    if (!out.empty()) out += ", ";
    if (in_file != nullptr) {
      out += QuoteIdentifier(in_file->name) + " AS " + QuoteIdentifier(c.name);
    } else {
      duckdb::LogicalType type = ToLogicalType(c.type);
      out += "CAST(" + ToDuckValue(missing[i], c.type).DefaultCastAs(type).ToSQLString() + " AS " +
             type.ToString() + ") AS " + QuoteIdentifier(c.name);
    }
  }
  return out + ", \"_seq\", \"_deleted\"";
}

}  // namespace

Result<std::string> LocalPathOf(const cold::Segment& segment, const ScanContext& ctx) {
  auto storage_id = StorageId::Parse(segment.storage_id);
  std::optional<catalog::StorageRecord> storage;
  if (storage_id.ok()) storage = ctx.catalog->storages().Get(*storage_id);
  if (!storage) {
    return Status(ErrorCode::kInternal, fmt::format("storage \"{}\" of a flushed file does not exist", segment.storage_id));
  }
  return ctx.files->LocalPath(*storage, segment.path);
}

std::string ColdFilesSql(const catalog::TableRecord& table, const std::vector<cold::Segment>& segments,
                         const std::vector<std::string>& local_paths) {
  // Files with the same columns are read by one read_parquet.
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;  // select list → files
  for (size_t i = 0; i < segments.size(); ++i) {
    std::string columns = FileColumns(table, segments[i]);
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == columns; });
    if (it == groups.end()) it = groups.insert(groups.end(), {columns, {}});
    it->second.push_back(local_paths[i]);
  }
  std::string sql;
  for (const auto& [columns, files] : groups) {
    std::string list;
    for (const auto& f : files) list += (list.empty() ? "" : ", ") + QuoteLiteral(f);
    if (!sql.empty()) sql += " UNION ALL ";
    sql += "SELECT " + columns + " FROM read_parquet([" + list + "])";
  }
  return sql;
}

std::string NewestVersionFilter(const catalog::TableRecord& table) {
  return "QUALIFY row_number() OVER (PARTITION BY " + QuoteIdentifier(table.columns[table.PrimaryKeyIndex()].name) +
         " ORDER BY \"_seq\" DESC) = 1 AND NOT \"_deleted\"";
}

std::string CurrentColdSql(const catalog::TableRecord& table, const std::vector<cold::Segment>& segments,
                           const std::vector<std::string>& local_paths, const std::string& hot_keys) {
  const std::string pk = QuoteIdentifier(table.columns[table.PrimaryKeyIndex()].name);
  std::vector<size_t> newest_first(segments.size());
  for (size_t i = 0; i < segments.size(); ++i) newest_first[i] = i;
  std::sort(newest_first.begin(), newest_first.end(),
            [&](size_t a, size_t b) { return segments[a].batch > segments[b].batch; });
  auto files_sql = [&](const std::vector<size_t>& which) {
    std::vector<cold::Segment> picked;
    std::vector<std::string> paths;
    for (size_t i : which) {
      picked.push_back(segments[i]);
      paths.push_back(local_paths[i]);
    }
    return ColdFilesSql(table, picked, paths);
  };
  // Files read against the same set of hiding keys: from the newest down to (and including) the
  // next file that may repeat older keys, whose keys then hide versions in the files below it.
  std::string sql;
  std::vector<size_t> group;
  std::vector<size_t> hiding;
  auto emit = [&] {
    if (group.empty()) return;
    std::string keys = hot_keys;
    if (!hiding.empty()) keys += " UNION ALL SELECT " + pk + " FROM (" + files_sql(hiding) + ")";
    if (!sql.empty()) sql += " UNION ALL ";
    sql += "SELECT \"__c\".* FROM (" + files_sql(group) + ") AS \"__c\" ANTI JOIN (" + keys + ") AS \"__h\" ON \"__c\"." +
           pk + " = \"__h\".\"__key\" WHERE NOT \"__c\".\"_deleted\"";
    group.clear();
  };
  for (size_t i : newest_first) {
    group.push_back(i);
    if (segments[i].overlaps_older) {
      emit();
      hiding.push_back(i);
    }
  }
  emit();
  return sql;
}

namespace {

/// With flushed files: the caller's rows as the newest version per key of hot ∪ cold.
duckdb::unique_ptr<duckdb::TableRef> BindReplace(duckdb::ClientContext& context, duckdb::TableFunctionBindInput& input) {
  const ScanContext* ctx = input.info->Cast<ScanInfo>().ctx;
  Resolved resolved = Resolve(context, input.inputs, ctx);
  const catalog::TableRecord& table = resolved.table;
  if (table.type != TableType::kUser && table.type != TableType::kShared) return nullptr;
  auto snapshot = ctx->sessions->SnapshotOf(context.GetConnectionId(), *ctx->store);
  const std::string scope = table.IsPerUser() ? resolved.caller.username.value() : "";
  auto manifest = ctx->manifests->Get(table.id, scope, snapshot.get());
  if (!manifest.ok()) throw duckdb::IOException(manifest.error().message());
  if (!manifest->has_value() || (*manifest)->segments.empty()) return nullptr;  // hot rows only

  std::vector<std::string> local_paths;
  for (const auto& segment : (*manifest)->segments) {
    auto local = LocalPathOf(segment, *ctx);
    if (!local.ok()) throw duckdb::IOException(local.error().message());
    local_paths.push_back(std::move(*local));
  }
  const std::string all = ScanColumnList(table);
  const std::string hot = "SELECT " + all + " FROM kalam_hot(" + QuoteLiteral(table.id.ns.value()) + ", " +
                          QuoteLiteral(table.id.name.value()) + ", '')";
  // No key in two places and no tombstone (the usual case for append-mostly tables after a
  // compaction): hot and cold rows are simply concatenated, and DuckDB's aggregates run as fast
  // as over the files alone.
  const std::string family = catalog::FamilyOf(table, ShardOf(resolved.caller.username.value(), ctx->user_shards));
  std::optional<std::pair<std::string, std::string>> hot_keys;
  if (ctx->store->HasColumnFamily(family)) {
    auto range = ctx->store->KeyRange(family, table.IsPerUser() ? store::UserPrefix(scope) : "", snapshot.get());
    if (!range.ok()) throw duckdb::IOException(range.error().message());
    hot_keys = std::move(*range);
  }
  // Otherwise a hot version is newer than any flushed one of its key, and a file's version newer
  // than an older file's: each file's rows are kept unless their key is hot or in a newer file
  // that may repeat older keys (hash anti-joins, no sort of every version).
  const auto& segments = (*manifest)->segments;
  std::string sql;
  if (cold::KeysDisjoint(segments, hot_keys)) {
    sql = "SELECT " + all + " FROM (" + hot + " WHERE NOT \"_deleted\" UNION ALL " +
          ColdFilesSql(table, segments, local_paths) + ")";
  } else {
    std::string hot_key_sql = "SELECT " + QuoteIdentifier(table.columns[table.PrimaryKeyIndex()].name) +
                              " AS \"__key\" FROM kalam_hot(" + QuoteLiteral(table.id.ns.value()) + ", " +
                              QuoteLiteral(table.id.name.value()) + ", '')";
    // Read once when several groups of files use them.
    if (std::any_of(segments.begin(), segments.end(), [](const cold::Segment& s) { return s.overlaps_older; })) {
      sql = "WITH \"__hot_keys\" AS MATERIALIZED (" + hot_key_sql + ") ";
      hot_key_sql = "SELECT \"__key\" FROM \"__hot_keys\"";
    }
    sql += "SELECT " + all + " FROM (" + hot + " WHERE NOT \"_deleted\" UNION ALL " +
           CurrentColdSql(table, segments, local_paths, hot_key_sql) + ")";
  }
  duckdb::Parser parser(context.GetParserOptions());
  parser.ParseQuery(sql);
  auto select = duckdb::unique_ptr_cast<duckdb::SQLStatement, duckdb::SelectStatement>(std::move(parser.statements[0]));
  if (ctx->table_scans != nullptr) ctx->table_scans->fetch_add(1, std::memory_order_relaxed);
  return duckdb::make_uniq<duckdb::SubqueryRef>(std::move(select));
}

/// Turns filters on the primary key into the key ranges the scan seeks to (KeyRangesOf). Filters
/// stay in place: DuckDB still applies them, so the ranges only have to hold a superset.
void PushdownFilters(duckdb::ClientContext&, duckdb::LogicalGet& get, duckdb::FunctionData* bind_data,
                     duckdb::vector<duckdb::unique_ptr<duckdb::Expression>>& filters) {
  auto& data = bind_data->Cast<ScanData>();
  data.key_ranges = KeyRangesOf(data.table, get, filters);
}

duckdb::unique_ptr<duckdb::GlobalTableFunctionState> Init(duckdb::ClientContext&,
                                                          duckdb::TableFunctionInitInput& input) {
  const auto& data = input.bind_data->Cast<ScanData>();
  auto state = duckdb::make_uniq<ScanState>();
  state->columns = input.column_ids;
  if (!data.ctx->store->HasColumnFamily(data.family)) {
    state->done = true;  // no row was ever written to this shard
    return state;
  }
  auto cursor = data.ctx->store->NewCursor(data.family, data.prefix, data.snapshot.get());
  if (!cursor.ok()) throw duckdb::IOException(cursor.error().message());
  state->cursor = std::move(cursor).value();
  if (data.key_ranges) {
    if (data.key_ranges->empty()) {
      state->done = true;  // no key can match
    } else {
      state->cursor->Seek(data.key_ranges->front().first);
    }
  }
  return state;
}

void WriteCell(duckdb::Vector& vec, size_t row, const Value& v, const DataType& type) {
  if (IsNull(v)) {
    duckdb::FlatVector::SetNull(vec, row, true);
    return;
  }
  switch (type.id) {
    case TypeId::kBigInt:
    case TypeId::kTimestamp:
    case TypeId::kTime:
      duckdb::FlatVector::GetData<int64_t>(vec)[row] = std::get<int64_t>(v);
      return;
    case TypeId::kInt:
    case TypeId::kDate:
      duckdb::FlatVector::GetData<int32_t>(vec)[row] = static_cast<int32_t>(std::get<int64_t>(v));
      return;
    case TypeId::kSmallInt:
      duckdb::FlatVector::GetData<int16_t>(vec)[row] = static_cast<int16_t>(std::get<int64_t>(v));
      return;
    case TypeId::kDouble:
      duckdb::FlatVector::GetData<double>(vec)[row] = std::get<double>(v);
      return;
    case TypeId::kReal:
      duckdb::FlatVector::GetData<float>(vec)[row] = static_cast<float>(std::get<double>(v));
      return;
    case TypeId::kBoolean:
      duckdb::FlatVector::GetData<bool>(vec)[row] = std::get<bool>(v);
      return;
    case TypeId::kText:
    case TypeId::kJson:
    case TypeId::kFile:
    case TypeId::kBytes:
    case TypeId::kOther:
      duckdb::FlatVector::GetData<duckdb::string_t>(vec)[row] =
          duckdb::StringVector::AddStringOrBlob(vec, std::get<std::string>(v));
      return;
    case TypeId::kDecimal:
    case TypeId::kUuid:
      vec.SetValue(row, ToDuckValue(v, type));
      return;
  }
}

void Scan(duckdb::ClientContext&, duckdb::TableFunctionInput& input, duckdb::DataChunk& out) {
  const auto& data = input.bind_data->Cast<ScanData>();
  auto& state = input.global_state->Cast<ScanState>();
  size_t count = 0;
  uint64_t stepped = 0;
  const size_t ncols = data.table.columns.size();
  while (!state.done && count < STANDARD_VECTOR_SIZE) {
    store::Cursor& cur = *state.cursor;
    if (!cur.Valid()) {
      Status s = cur.status();
      if (!s.ok()) throw duckdb::IOException(s.message());
      state.done = true;
      break;
    }
    if (data.key_ranges) {
      const KeyRange& range = (*data.key_ranges)[state.range];
      if (range.last && cur.key().substr(data.prefix.size()) > *range.last) {
        // Past this range: on to the next one's first key, or done.
        if (++state.range == data.key_ranges->size()) {
          state.done = true;
          break;
        }
        cur.Seek((*data.key_ranges)[state.range].first);
        continue;
      }
    }
    ++stepped;
    std::string_view value = cur.value();
    const bool deleted = store::ReadDeleted(value);
    bool visible = !deleted || data.tombstones;
    if (visible && data.expire_before_ms > 0) {
      visible = SnowflakeGenerator::TimestampMs(store::ReadSeq(value)) >= data.expire_before_ms;
    }
    if (visible) {
      auto row = store::DecodeRow(value, data.column_ids, &data.missing);
      if (!row.ok()) throw duckdb::IOException(row.error().message());
      for (size_t i = 0; i < state.columns.size(); ++i) {
        duckdb::column_t c = state.columns[i];
        auto& vec = out.data[i];
        if (c < ncols) {
          WriteCell(vec, count, row->values[c], data.table.columns[c].type);
        } else if (c == ncols) {
          duckdb::FlatVector::GetData<int64_t>(vec)[count] = row->seq;
        } else if (c == ncols + 1) {
          duckdb::FlatVector::GetData<bool>(vec)[count] = deleted;
        } else {
          duckdb::FlatVector::SetNull(vec, count, true);  // row id and other virtual columns
        }
      }
      ++count;
    }
    cur.Next();
  }
  if (data.ctx->hot_rows_scanned != nullptr) data.ctx->hot_rows_scanned->fetch_add(stepped, std::memory_order_relaxed);
  out.SetCardinality(count);
}

}  // namespace

std::string ScanColumnList(const catalog::TableRecord& table) {
  std::string out;
  for (const auto& c : table.columns) out += QuoteIdentifier(c.name) + ", ";
  return out + "\"_seq\", \"_deleted\"";
}

Status RegisterTableScan(duckdb::Connection& admin, const ScanContext* ctx) {
  auto info = duckdb::make_shared_ptr<ScanInfo>();
  info->ctx = ctx;
  duckdb::TableFunction scan("kalam_scan", {duckdb::LogicalType::VARCHAR, duckdb::LogicalType::VARCHAR},
                             Scan, Bind, Init);
  scan.bind_replace = BindReplace;
  scan.projection_pushdown = true;
  scan.pushdown_complex_filter = PushdownFilters;
  scan.function_info = info;
  RegisterTableFunction(admin, std::move(scan));
  duckdb::TableFunction hot("kalam_hot",
                            {duckdb::LogicalType::VARCHAR, duckdb::LogicalType::VARCHAR, duckdb::LogicalType::VARCHAR},
                            Scan, BindHot, Init);
  hot.projection_pushdown = true;
  hot.pushdown_complex_filter = PushdownFilters;
  hot.function_info = info;
  RegisterTableFunction(admin, std::move(hot));
  return Status::OK();
}

}  // namespace kalam::engine::internal
