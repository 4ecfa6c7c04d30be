#include "common/jsonb.h"

#include <charconv>

namespace kalam::jsonb {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

Status Malformed(std::string_view literal, std::string_view detail) {
  return Status(ErrorCode::kInvalidTextRepresentation,
                "malformed array literal: \"" + std::string(literal) + "\" (" + std::string(detail) + ")");
}

/// An array index written as a path step or key: an optionally signed integer, nothing else.
std::optional<int64_t> ParseIndex(std::string_view text) {
  int64_t index = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data() + (!text.empty() && text[0] == '+' ? 1 : 0), end, index);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return index;
}

/// An index into an array of `size` elements, negative counting from the end; nullopt when outside.
std::optional<size_t> Resolve(int64_t index, size_t size) {
  const auto n = static_cast<int64_t>(size);
  if (index < 0) index += n;
  if (index < 0 || index >= n) return std::nullopt;
  return static_cast<size_t>(index);
}

Status NotAnInteger(size_t step, const std::string& element) {
  return Status(ErrorCode::kInvalidParameter,
                "path element at position " + std::to_string(step + 1) + " is not an integer: \"" + element + "\"");
}

/// A path's steps, none NULL.
Status CheckNoNulls(const TextArray& path) {
  for (size_t i = 0; i < path.size(); ++i) {
    if (!path[i]) return Status(ErrorCode::kInvalidParameter, "path element at position " + std::to_string(i + 1) + " is null");
  }
  return Status::OK();
}

/// What to do with the last step of a path, on the container that holds it (SetPath, InsertPath,
/// DeletePath walk alike).
enum class Edit { kSet, kSetOrCreate, kInsertBefore, kInsertAfter, kDelete };

/// Applies `edit` at path[step…] inside `value` (an object or an array), in place.
Status EditAt(Json& value, const TextArray& path, size_t step, const Json& operand, Edit edit) {
  const std::string& key = *path[step];
  const bool last = step + 1 == path.size();
  if (value.is_object()) {
    auto it = value.find(key);
    if (!last) return it == value.end() ? Status::OK() : EditAt(*it, path, step + 1, operand, edit);
    switch (edit) {
      case Edit::kDelete:
        if (it != value.end()) value.erase(it);
        return Status::OK();
      case Edit::kInsertBefore:
      case Edit::kInsertAfter:
        if (it != value.end()) return Status(ErrorCode::kInvalidParameter, "cannot replace existing key");
        value[key] = operand;
        return Status::OK();
      case Edit::kSet:
        if (it != value.end()) *it = operand;
        return Status::OK();
      case Edit::kSetOrCreate:
        value[key] = operand;
        return Status::OK();
    }
  }
  if (!value.is_array()) return Status::OK();  // a scalar below the top: the path goes nowhere
  auto index = ParseIndex(key);
  if (!index) return NotAnInteger(step, key);
  const auto at = Resolve(*index, value.size());
  if (!last) return at ? EditAt(value[*at], path, step + 1, operand, edit) : Status::OK();
  switch (edit) {
    case Edit::kDelete:
      if (at) value.erase(value.begin() + static_cast<std::ptrdiff_t>(*at));
      return Status::OK();
    case Edit::kSet:
    case Edit::kSetOrCreate:
      if (at) {
        value[*at] = operand;
      } else if (edit == Edit::kSetOrCreate) {
        value.insert(*index < 0 ? value.begin() : value.end(), operand);
      }
      return Status::OK();
    case Edit::kInsertBefore:
    case Edit::kInsertAfter: {
      size_t position = *index < 0 ? 0 : value.size();
      if (at) position = *at + (edit == Edit::kInsertAfter ? 1 : 0);
      value.insert(value.begin() + static_cast<std::ptrdiff_t>(position), operand);
      return Status::OK();
    }
  }
  return Status::OK();
}

Result<Json> EditPath(const Json& value, const TextArray& path, const Json& operand, Edit edit, const char* scalar) {
  if (!value.is_structured()) return Status(ErrorCode::kInvalidParameter, scalar);
  KALAM_RETURN_IF_ERROR(CheckNoNulls(path));
  Json out = value;
  if (path.empty()) return out;
  KALAM_RETURN_IF_ERROR(EditAt(out, path, 0, operand, edit));
  return out;
}

bool SameScalar(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_number_float() || b.is_number_float()) return a.get<double>() == b.get<double>();
    if (a.is_number_unsigned() || b.is_number_unsigned()) {
      return a.is_number_unsigned() && b.is_number_unsigned() ? a.get<uint64_t>() == b.get<uint64_t>()
                                                              : false;  // one is negative or both exceed int64
    }
    return a.get<int64_t>() == b.get<int64_t>();
  }
  return a == b;
}

bool ContainsAt(const Json& a, const Json& b, bool top) {
  if (a.is_object()) {
    if (!b.is_object()) return false;
    for (const auto& [key, value] : b.items()) {
      auto it = a.find(key);
      if (it == a.end() || !ContainsAt(*it, value, false)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    // At the top level PostgreSQL lets an array contain a lone scalar it holds.
    if (!b.is_array()) {
      if (!top || b.is_object()) return false;
      for (const Json& e : a) {
        if (!e.is_structured() && SameScalar(e, b)) return true;
      }
      return false;
    }
    for (const Json& wanted : b) {
      bool found = false;
      for (const Json& e : a) {
        if (wanted.is_structured() ? e.type() == wanted.type() && ContainsAt(e, wanted, false)
                                   : !e.is_structured() && SameScalar(e, wanted)) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }
  return !b.is_structured() && SameScalar(a, b);
}

}  // namespace

bool Contains(const Json& container, const Json& contained) { return ContainsAt(container, contained, true); }

Result<TextArray> ParseTextArray(std::string_view literal) {
  size_t pos = 0;
  while (pos < literal.size() && IsSpace(literal[pos])) ++pos;
  if (pos >= literal.size() || literal[pos] != '{') {
    return Malformed(literal, "Array value must start with \"{\" or dimension information.");
  }
  ++pos;
  TextArray out;
  auto skip_spaces = [&] {
    while (pos < literal.size() && IsSpace(literal[pos])) ++pos;
  };
  skip_spaces();
  if (pos < literal.size() && literal[pos] == '}') {
    ++pos;
  } else {
    while (true) {
      skip_spaces();
      if (pos >= literal.size()) return Malformed(literal, "Unexpected end of input.");
      std::string element;
      bool quoted = false;
      if (literal[pos] == '{') return Malformed(literal, "Only one dimension is supported here.");
      if (literal[pos] == '"') {
        quoted = true;
        ++pos;
        while (pos < literal.size() && literal[pos] != '"') {
          if (literal[pos] == '\\' && pos + 1 < literal.size()) ++pos;
          element.push_back(literal[pos++]);
        }
        if (pos >= literal.size()) return Malformed(literal, "Unexpected end of input.");
        ++pos;
        skip_spaces();
      } else {
        size_t kept = 0;  // the length without trailing spaces (an escaped space is kept)
        while (pos < literal.size() && literal[pos] != ',' && literal[pos] != '}') {
          if (literal[pos] == '"' || literal[pos] == '{') return Malformed(literal, "Unexpected array element.");
          if (literal[pos] == '\\' && pos + 1 < literal.size()) {
            element.push_back(literal[++pos]);
            ++pos;
            kept = element.size();
            continue;
          }
          element.push_back(literal[pos++]);
          if (!IsSpace(element.back())) kept = element.size();
        }
        element.resize(kept);
        if (element.empty()) return Malformed(literal, "Unexpected \",\" or \"}\" character.");
      }
      if (!quoted && element.size() == 4 && (element[0] | 0x20) == 'n' && (element[1] | 0x20) == 'u' &&
          (element[2] | 0x20) == 'l' && (element[3] | 0x20) == 'l') {
        out.emplace_back(std::nullopt);
      } else {
        out.emplace_back(std::move(element));
      }
      if (pos >= literal.size()) return Malformed(literal, "Unexpected end of input.");
      if (literal[pos] == '}') {
        ++pos;
        break;
      }
      if (literal[pos] != ',') return Malformed(literal, "Unexpected array element.");
      ++pos;
    }
  }
  skip_spaces();
  if (pos != literal.size()) return Malformed(literal, "Junk after closing right brace.");
  return out;
}

const Json* AtPath(const Json& value, const TextArray& path) {
  const Json* at = &value;
  for (const auto& step : path) {
    if (!step) return nullptr;
    if (at->is_object()) {
      auto it = at->find(*step);
      if (it == at->end()) return nullptr;
      at = &*it;
    } else if (at->is_array()) {
      auto index = ParseIndex(*step);
      auto resolved = index ? Resolve(*index, at->size()) : std::nullopt;
      if (!resolved) return nullptr;
      at = &(*at)[*resolved];
    } else {
      return nullptr;
    }
  }
  return at;
}

std::optional<std::string> AsText(const Json& value) {
  if (value.is_null()) return std::nullopt;
  if (value.is_string()) return value.get<std::string>();
  return Dump(value);
}

bool HasKey(const Json& value, std::string_view key) {
  if (value.is_object()) return value.find(key) != value.end();
  if (value.is_array()) {
    for (const Json& e : value) {
      if (e.is_string() && e.get_ref<const std::string&>() == key) return true;
    }
    return false;
  }
  return value.is_string() && value.get_ref<const std::string&>() == key;
}

Json Concat(const Json& a, const Json& b) {
  if (a.is_object() && b.is_object()) {
    Json out = a;
    for (const auto& [key, v] : b.items()) out[key] = v;
    return out;
  }
  Json out = a.is_array() ? a : Json::array({a});
  if (b.is_array()) {
    for (const Json& e : b) out.push_back(e);
  } else {
    out.push_back(b);
  }
  return out;
}

Result<Json> DeleteKey(const Json& value, std::string_view key) {
  if (value.is_object()) {
    Json out = value;
    out.erase(std::string(key));
    return out;
  }
  if (!value.is_array()) return Status(ErrorCode::kInvalidParameter, "cannot delete from scalar");
  Json out = Json::array();
  for (const Json& e : value) {
    if (!(e.is_string() && e.get_ref<const std::string&>() == key)) out.push_back(e);
  }
  return out;
}

Result<Json> DeleteIndex(const Json& value, int64_t index) {
  if (value.is_object()) return Status(ErrorCode::kInvalidParameter, "cannot delete from object using integer index");
  if (!value.is_array()) return Status(ErrorCode::kInvalidParameter, "cannot delete from scalar");
  Json out = value;
  if (auto at = Resolve(index, out.size())) out.erase(out.begin() + static_cast<std::ptrdiff_t>(*at));
  return out;
}

Result<Json> DeletePath(const Json& value, const TextArray& path) {
  return EditPath(value, path, Json(), Edit::kDelete, "cannot delete path in scalar");
}

Result<Json> SetPath(const Json& value, const TextArray& path, const Json& replacement, bool create) {
  return EditPath(value, path, replacement, create ? Edit::kSetOrCreate : Edit::kSet, "cannot set path in scalar");
}

Result<Json> InsertPath(const Json& value, const TextArray& path, const Json& inserted, bool after) {
  return EditPath(value, path, inserted, after ? Edit::kInsertAfter : Edit::kInsertBefore,
                  "cannot set path in scalar");
}

Json StripNulls(const Json& value) {
  if (value.is_object()) {
    Json out = Json::object();
    for (const auto& [key, v] : value.items()) {
      if (!v.is_null()) out[key] = StripNulls(v);
    }
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const Json& e : value) out.push_back(StripNulls(e));
    return out;
  }
  return value;
}

std::string_view TypeOf(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object:
      return "object";
    case Json::value_t::array:
      return "array";
    case Json::value_t::string:
      return "string";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::null:
      return "null";
    default:
      return "number";
  }
}

Result<int32_t> ArrayLength(const Json& value) {
  if (value.is_array()) return static_cast<int32_t>(value.size());
  return Status(ErrorCode::kInvalidParameter,
                value.is_object() ? "cannot get array length of a non-array" : "cannot get array length of a scalar");
}

std::string Pretty(const Json& value) { return value.dump(4, ' ', false, Json::error_handler_t::replace); }

std::string Dump(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace kalam::jsonb
