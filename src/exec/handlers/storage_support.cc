#include "exec/handlers/storage_support.h"

#include <fmt/format.h>

#include "common/path_template.h"
#include "common/strings.h"
#include "common/value_coerce.h"

namespace kalam::exec::handlers {
namespace {

Status Invalid(std::string message) { return Status(ErrorCode::kInvalidParameter, std::move(message)); }

Status CheckUri(const catalog::StorageRecord& s) {
  if (s.uri.empty()) return Invalid(fmt::format("storage \"{}\" needs a URI", s.id));
  switch (s.type) {
    case StorageType::kFilesystem:
      if (s.uri.front() != '/') {
        return Invalid(fmt::format("the URI of filesystem storage \"{}\" must be an absolute path, not \"{}\"", s.id, s.uri));
      }
      return Status::OK();
    case StorageType::kS3:
      if (s.uri.rfind("s3://", 0) != 0 || s.uri.size() <= 5 || s.uri[5] == '/') {
        return Invalid(fmt::format("the URI of S3 storage \"{}\" must look like s3://bucket/prefix/, not \"{}\"", s.id, s.uri));
      }
      return Status::OK();
  }
  return Invalid("unknown storage type");
}

}  // namespace

Status ApplyStorageOptions(const std::vector<sql::StorageOption>& options, catalog::StorageRecord& storage) {
  for (const auto& option : options) {
    const std::string& v = option.value;
    switch (option.field) {
      case sql::StorageField::kType: {
        auto type = ParseEnum<StorageType>(ToLowerAscii(v));
        if (!type.ok()) return Invalid(fmt::format("invalid storage type \"{}\" (expected 'filesystem' or 's3')", v));
        storage.type = *type;
        break;
      }
      case sql::StorageField::kName:
        storage.name = v;
        break;
      case sql::StorageField::kDescription:
        storage.description = v;
        break;
      case sql::StorageField::kUri:
        storage.uri = v;
        break;
      case sql::StorageField::kSharedTablesTemplate:
        KALAM_RETURN_IF_ERROR(ValidateTemplate(TemplateKind::kShared, v));
        storage.shared_tables_template = v;
        break;
      case sql::StorageField::kUserTablesTemplate:
        KALAM_RETURN_IF_ERROR(ValidateTemplate(TemplateKind::kUser, v));
        storage.user_tables_template = v;
        break;
      case sql::StorageField::kCredentials: {
        size_t first = v.find_first_not_of(" \t\r\n");
        if (!v.empty() && (first == std::string::npos || v[first] != '{' ||
                           !CoerceValue(Value(v), DataType::Of(TypeId::kJson)).ok())) {
          return Invalid("CREDENTIALS must be a JSON object");
        }
        storage.credentials = v;
        break;
      }
    }
  }
  return CheckUri(storage);
}

}  // namespace kalam::exec::handlers
