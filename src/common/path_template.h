#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace kalam {

/// Which tables a storage path template is for (CONTRACT §4).
enum class TemplateKind : uint8_t { kShared, kUser };

/// The values a template's variables take.
struct TemplateValues {
  std::string ns;          // {namespace}
  std::string table;       // {tableName}
  std::string shard;       // {shard}: "shard-K"
  std::string user;        // {userId}: the username
};

/// Default templates: `{namespace}/shared/{tableName}` and
/// `{namespace}/users/{tableName}/{shard}/{userId}`.
std::string_view DefaultTemplate(TemplateKind kind);

/// INVALID_PARAMETER unless the template uses only known variables, each at most once, in the order
/// of CONTRACT §4: shared `{namespace}` then `{tableName}`; user `{namespace}`, `{tableName}`, optional
/// `{shard}`, then `{userId}`. No absolute paths, no `..`, no empty segments.
Status ValidateTemplate(TemplateKind kind, std::string_view text);

/// The template with its variables replaced (validated templates only).
std::string ExpandTemplate(std::string_view text, const TemplateValues& values);

/// The part of a user template that is the same for every user of a table: the expansion up to
/// the last '/' before the first `{shard}` or `{userId}` (e.g. `app/users/notes/`).
std::string TableRootOf(std::string_view user_template, const TemplateValues& values);

}  // namespace kalam
