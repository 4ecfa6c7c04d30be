#include "exec/user_files.h"

#include <random>

#include <fmt/format.h>

#include "catalog/table_families.h"
#include "cold/locations.h"
#include "common/json_text.h"
#include "common/time_format.h"
#include "exec/handlers/table_support.h"
#include "exec/session.h"
#include "objstore/object_store.h"
#include "objstore/sigv4.h"

namespace kalam::exec {
namespace {

TableId FilesTable() {
  return TableId{NamespaceId::Parse(UserFiles::kNamespace).value(), TableName::Parse(UserFiles::kTable).value()};
}

std::string NewFileId() {
  static thread_local std::mt19937_64 random{std::random_device()()};
  return fmt::format("FI-{:016x}", random());
}

Status NotFound(std::string_view file_id) {
  return Status(ErrorCode::kRouteNotFound, fmt::format("file {} does not exist", file_id));
}

/// The file's name without any directory part and control characters.
std::string CleanName(std::string_view name) {
  if (auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  for (char c : name) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out.push_back(c);
  }
  return out.size() > 255 ? out.substr(0, 255) : out;
}

/// The type as sent when it is a plain `type/subtype` (RFC 6838 characters), else
/// application/octet-stream: it is sent back as a Content-Type header, which must never carry
/// a line break or anything a browser would take for more than a type.
std::string CleanMime(std::string_view mime) {
  const std::string_view fallback = "application/octet-stream";
  if (auto semicolon = mime.find(';'); semicolon != std::string_view::npos) mime = mime.substr(0, semicolon);
  while (!mime.empty() && mime.back() == ' ') mime.remove_suffix(1);
  const size_t slash = mime.find('/');
  if (mime.empty() || mime.size() > 127 || slash == std::string_view::npos || slash == 0 || slash + 1 == mime.size()) {
    return std::string(fallback);
  }
  for (size_t i = 0; i < mime.size(); ++i) {
    const char c = mime[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("!#$&^_.+-").find(c) != std::string_view::npos || (c == '/' && i == slash);
    if (!ok) return std::string(fallback);
  }
  return std::string(mime);
}

}  // namespace

Status UserFiles::EnsureTable(ExecContext& ctx) {
  const TableId id = FilesTable();
  KALAM_RETURN_IF_ERROR(ctx.catalog->namespaces().Create(id.ns, /*if_not_exists=*/true).status());
  if (ctx.catalog->tables().Get(id)) return Status::OK();
  catalog::TableRecord table(id);
  table.type = TableType::kUser;
  auto column = [&table](std::string name, TypeId type, bool nullable, DefaultKind def = DefaultKind::kNone) {
    catalog::ColumnDef c;
    c.column_id = table.next_column_id++;
    c.name = std::move(name);
    c.type = DataType::Of(type);
    c.nullable = nullable;
    c.default_kind = def;
    table.columns.push_back(std::move(c));
  };
  column("file_id", TypeId::kText, false);
  table.columns.back().primary_key = true;
  column("name", TypeId::kText, false);
  column("mime", TypeId::kText, false);
  column("size", TypeId::kBigInt, false);
  column("sha256", TypeId::kText, false);
  column("storage_id", TypeId::kText, false);
  column("path", TypeId::kText, false);
  column("created_at", TypeId::kTimestamp, false, DefaultKind::kNow);
  table.storage_id = std::string(catalog::StorageCatalog::kLocal);
  table.use_user_storage = true;
  table.created_at_us = table.updated_at_us = ctx.clock->NowMicros();
  for (const auto& family : catalog::FamiliesOf(table, ctx.user_shards)) {
    KALAM_RETURN_IF_ERROR(ctx.store->EnsureColumnFamily(family));
  }
  return ctx.catalog->tables().Create(table, /*if_not_exists=*/true).status();
}

Result<UserFiles::File> UserFiles::Store(const Caller& caller, std::string_view name, std::string_view mime,
                                         std::string_view bytes) {
  auto table = ctx_.catalog->tables().Get(FilesTable());
  if (!table) return Status(ErrorCode::kInternal, "kalam.user_files does not exist");
  File file;
  file.name = CleanName(name);
  if (file.name.empty()) return Status(ErrorCode::kInvalidParameter, "the file has no name (multipart filename)");
  file.file_id = NewFileId();
  file.mime = CleanMime(mime);
  file.size = static_cast<int64_t>(bytes.size());
  file.sha256 = objstore::Sha256Hex(bytes);
  KALAM_ASSIGN_OR_RETURN(cold::TableDirectory where,
                         cold::UserFileLocation(*table, caller.username, *ctx_.catalog, ctx_.user_shards));
  file.storage_id = where.storage.id.value();
  file.path = where.path + "/files/" + file.file_id;
  file.created_at_us = ctx_.clock->NowMicros();
  KALAM_ASSIGN_OR_RETURN(auto objects, objstore::Open(where.storage));
  KALAM_RETURN_IF_ERROR(objects->Put(file.path, bytes));
  Session session;
  session.caller = caller;
  const Row row{Value(file.file_id),    Value(file.name), Value(file.mime),          Value(file.size),
                Value(file.sha256),     Value(file.storage_id), Value(file.path), Value(file.created_at_us)};
  auto written = handlers::WriteRows(*table, {row}, handlers::RowOp::kInsert, ctx_, session);
  if (!written.ok()) {
    (void)objects->Delete(file.path);
    return written.error();
  }
  return file;
}

Result<std::pair<UserFiles::File, std::string>> UserFiles::Load(const Caller& caller, std::string_view file_id) {
  if (!file_id.starts_with("FI-") || file_id.size() > 64) return NotFound(file_id);
  engine::QueryContext query;
  query.caller = caller;
  query.params = {Value(std::string(file_id))};
  KALAM_ASSIGN_OR_RETURN(RowSet rows, ctx_.engine->Query("SELECT file_id, name, mime, size, sha256, storage_id, path, "
                                                         "created_at FROM kalam.user_files WHERE file_id = $1",
                                                         query));
  if (rows.rows.size() != 1) return NotFound(file_id);
  const Row& r = rows.rows[0];
  File file{std::get<std::string>(r[0]), std::get<std::string>(r[1]), std::get<std::string>(r[2]),
            std::get<int64_t>(r[3]),     std::get<std::string>(r[4]), std::get<std::string>(r[5]),
            std::get<std::string>(r[6]), std::get<int64_t>(r[7])};
  auto storage_id = StorageId::Parse(file.storage_id);
  auto storage = storage_id.ok() ? ctx_.catalog->storages().Get(*storage_id) : std::nullopt;
  if (!storage) return Status(ErrorCode::kInternal, fmt::format("the storage of file {} is gone", file_id));
  KALAM_ASSIGN_OR_RETURN(auto objects, objstore::Open(*storage));
  KALAM_ASSIGN_OR_RETURN(std::string bytes, objects->Get(file.path));
  return std::make_pair(std::move(file), std::move(bytes));
}

std::string UserFiles::ToJson(const File& file) {
  std::string out = "{\"file_id\":";
  AppendJsonString(&out, file.file_id);
  out.append(",\"name\":");
  AppendJsonString(&out, file.name);
  out.append(",\"mime\":");
  AppendJsonString(&out, file.mime);
  out.append(fmt::format(",\"size\":{},\"sha256\":", file.size));
  AppendJsonString(&out, file.sha256);
  out.append(",\"storage_id\":");
  AppendJsonString(&out, file.storage_id);
  out.append(",\"path\":");
  AppendJsonString(&out, file.path);
  out.append(",\"created_at\":");
  AppendJsonString(&out, FormatTimestampMicros(file.created_at_us));
  out.push_back('}');
  return out;
}

}  // namespace kalam::exec
