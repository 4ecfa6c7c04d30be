#include "common/path_template.h"

#include <array>
#include <vector>

#include <fmt/format.h>

namespace kalam {
namespace {

constexpr std::array<std::string_view, 4> kVariables = {"namespace", "tableName", "shard", "userId"};

Status Invalid(std::string_view text, std::string_view why) {
  return Status(ErrorCode::kInvalidParameter, fmt::format("invalid path template \"{}\": {}", text, why));
}

}  // namespace

std::string_view DefaultTemplate(TemplateKind kind) {
  return kind == TemplateKind::kShared ? "{namespace}/shared/{tableName}"
                                       : "{namespace}/users/{tableName}/{shard}/{userId}";
}

Status ValidateTemplate(TemplateKind kind, std::string_view text) {
  if (text.empty()) return Invalid(text, "it is empty");
  if (text.front() == '/') return Invalid(text, "it must be relative to the storage's uri");
  std::vector<std::string_view> seen;
  size_t segment_start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '/') {
      std::string_view segment = text.substr(segment_start, i - segment_start);
      if (segment.empty()) return Invalid(text, "empty path segment");
      if (segment == "." || segment == "..") return Invalid(text, "'.' and '..' are not allowed");
      segment_start = i + 1;
      continue;
    }
    if (text[i] == '}') return Invalid(text, "unbalanced '}'");
    if (text[i] != '{') continue;
    size_t close = text.find('}', i);
    if (close == std::string_view::npos) return Invalid(text, "unbalanced '{'");
    std::string_view name = text.substr(i + 1, close - i - 1);
    bool known = false;
    for (auto v : kVariables) known = known || v == name;
    if (!known) return Invalid(text, fmt::format("unknown variable {{{}}}", name));
    for (auto s : seen) {
      if (s == name) return Invalid(text, fmt::format("{{{}}} appears twice", name));
    }
    seen.push_back(name);
    i = close;
  }
  std::vector<std::string_view> required =
      kind == TemplateKind::kShared ? std::vector<std::string_view>{"namespace", "tableName"}
                                    : std::vector<std::string_view>{"namespace", "tableName", "userId"};
  std::vector<std::string_view> order = seen;
  if (kind == TemplateKind::kShared) {
    if (order != required) return Invalid(text, "a shared template needs {namespace} then {tableName}, nothing else");
    return Status::OK();
  }
  // {shard} is optional but, when present, sits between {tableName} and {userId}.
  std::vector<std::string_view> without_shard;
  for (auto v : order) {
    if (v != "shard") without_shard.push_back(v);
  }
  if (without_shard != required) {
    return Invalid(text, "a user template needs {namespace}, {tableName}, optional {shard}, then {userId}");
  }
  if (order.size() == 4 && order[2] != "shard") {
    return Invalid(text, "{shard} must come after {tableName} and before {userId}");
  }
  return Status::OK();
}

std::string ExpandTemplate(std::string_view text, const TemplateValues& values) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    size_t close = text[i] == '{' ? text.find('}', i) : std::string_view::npos;
    if (close == std::string_view::npos) {
      out.push_back(text[i]);
      continue;
    }
    std::string_view name = text.substr(i + 1, close - i - 1);
    if (name == "namespace") out += values.ns;
    else if (name == "tableName") out += values.table;
    else if (name == "shard") out += values.shard;
    else if (name == "userId") out += values.user;
    i = close;
  }
  return out;
}

std::string TableRootOf(std::string_view user_template, const TemplateValues& values) {
  size_t first = std::min(user_template.find("{shard}"), user_template.find("{userId}"));
  std::string_view head = user_template.substr(0, first);
  size_t slash = head.rfind('/');
  head = slash == std::string_view::npos ? std::string_view() : head.substr(0, slash + 1);
  return ExpandTemplate(head, values);
}

}  // namespace kalam
