#include "common/value_coerce.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/snowflake.h"
#include "common/strings.h"
#include "common/time_parse.h"

namespace kalam {
namespace {

Status BadText(const DataType& type, std::string_view text) {
  std::string name = ToLowerAscii(type.ToString());
  if (type.id == TypeId::kInt) name = "integer";
  return Status(ErrorCode::kInvalidTextRepresentation,
                fmt::format("invalid input syntax for type {}: \"{}\"", name, text));
}

Status Mismatch(const DataType& type, std::string_view from) {
  return Status(ErrorCode::kDatatypeMismatch,
                fmt::format("column is of type {} but expression is of type {}", type.ToString(), from));
}

std::string_view KindName(const Value& v) {
  if (std::holds_alternative<bool>(v)) return "boolean";
  if (std::holds_alternative<int64_t>(v)) return "bigint";
  if (std::holds_alternative<double>(v)) return "double";
  return "text";
}


bool ParseInt(std::string_view s, int64_t* out) {
  s = TrimBlanks(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

bool ParseDouble(std::string_view s, double* out) {
  std::string text(TrimBlanks(s));
  if (text.empty()) return false;
  std::string lower = ToLowerAscii(text);
  if (lower == "nan") { *out = NAN; return true; }
  if (lower == "infinity" || lower == "inf") { *out = INFINITY; return true; }
  if (lower == "-infinity" || lower == "-inf") { *out = -INFINITY; return true; }
  char* end = nullptr;
  errno = 0;
  *out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && errno == 0;
}

/// PostgreSQL's name of an integer type: smallint, integer, bigint.
std::string IntegerName(const DataType& type) {
  return type.id == TypeId::kInt ? "integer" : ToLowerAscii(type.ToString());
}

bool FitsIn(int64_t n, const DataType& type) {
  const int64_t lo = type.id == TypeId::kSmallInt ? -32768 : type.id == TypeId::kInt ? INT32_MIN : INT64_MIN;
  const int64_t hi = type.id == TypeId::kSmallInt ? 32767 : type.id == TypeId::kInt ? INT32_MAX : INT64_MAX;
  return n >= lo && n <= hi;
}

Status OutOfRange(const DataType& type) {
  return Status(ErrorCode::kNumericValueOutOfRange, IntegerName(type) + " out of range");
}

Result<Value> ToInteger(const Value& v, const DataType& type) {
  int64_t n = 0;
  if (const auto* i = std::get_if<int64_t>(&v)) {
    n = *i;
  } else if (const auto* d = std::get_if<double>(&v)) {
    if (!std::isfinite(*d) || std::fabs(*d) > 9.2e18) return OutOfRange(type);
    n = static_cast<int64_t>(std::nearbyint(*d));
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    // Digits that do not fit: PostgreSQL's `value "…" is out of range for type integer`.
    std::string_view digits = TrimBlanks(*s);
    if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) digits.remove_prefix(1);
    const bool integer = !digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos;
    if ((!ParseInt(*s, &n) && integer) || (integer && !FitsIn(n, type))) {
      return Status(ErrorCode::kNumericValueOutOfRange,
                    fmt::format("value \"{}\" is out of range for type {}", TrimBlanks(*s), IntegerName(type)));
    }
    if (!integer) return BadText(type, *s);
  } else {
    return Mismatch(type, KindName(v));
  }
  if (!FitsIn(n, type)) return OutOfRange(type);
  return Value(n);
}

Result<Value> ToDecimal(const Value& v, const DataType& type) {
  std::string text;
  if (const auto* i = std::get_if<int64_t>(&v)) {
    text = std::to_string(*i);
  } else if (const auto* d = std::get_if<double>(&v)) {
    if (!std::isfinite(*d)) return BadText(type, fmt::format("{}", *d));
    text = fmt::format("{:.{}f}", *d, type.scale);
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    text = std::string(TrimBlanks(*s));
  } else {
    return Mismatch(type, KindName(v));
  }
  // sign, integer digits, fraction digits; then round half away from zero to `scale`.
  std::string_view t = text;
  bool negative = false;
  if (!t.empty() && (t[0] == '-' || t[0] == '+')) {
    negative = t[0] == '-';
    t.remove_prefix(1);
  }
  auto dot = t.find('.');
  std::string whole(t.substr(0, dot));
  std::string frac(dot == std::string_view::npos ? "" : t.substr(dot + 1));
  auto digits = [](const std::string& s) {
    for (char c : s) if (c < '0' || c > '9') return false;
    return true;
  };
  if ((whole.empty() && frac.empty()) || !digits(whole) || !digits(frac)) return BadText(type, text);
  bool round_up = frac.size() > type.scale && frac[type.scale] >= '5';
  frac.resize(type.scale, '0');
  std::string all = whole + frac;
  if (round_up) {
    int i = static_cast<int>(all.size()) - 1;
    for (; i >= 0 && all[i] == '9'; --i) all[i] = '0';
    if (i < 0) all.insert(all.begin(), '1'); else ++all[i];
  }
  size_t first = all.find_first_not_of('0');
  std::string int_part = all.substr(0, all.size() - type.scale);
  size_t nz = int_part.find_first_not_of('0');
  int_part = nz == std::string::npos ? "0" : int_part.substr(nz);
  if (int_part != "0" && int_part.size() > static_cast<size_t>(type.precision - type.scale)) {
    return Status(ErrorCode::kNumericValueOutOfRange,
                  fmt::format("numeric field overflow: a field with precision {}, scale {} must round "
                              "to an absolute value less than 10^{}",
                              type.precision, type.scale, type.precision - type.scale));
  }
  std::string out = (negative && first != std::string::npos ? "-" : "") + int_part;
  if (type.scale > 0) out += "." + all.substr(all.size() - type.scale);
  return Value(out);
}

}  // namespace

bool IsByteaHex(std::string_view text) { return text.size() >= 2 && text[0] == '\\' && (text[1] == 'x' || text[1] == 'X'); }

bool DecodeByteaHex(std::string_view text, std::string* out) {
  out->clear();
  std::string_view hex = text.substr(2);
  for (size_t i = 0; i < hex.size();) {
    if (hex[i] == ' ' || hex[i] == '\t' || hex[i] == '\n' || hex[i] == '\r') {  // allowed between bytes
      ++i;
      continue;
    }
    auto digit = [](char c) {
      return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    };
    if (i + 2 > hex.size() || digit(hex[i]) < 0 || digit(hex[i + 1]) < 0) return false;
    out->push_back(static_cast<char>(digit(hex[i]) * 16 + digit(hex[i + 1])));
    i += 2;
  }
  return true;
}

Result<Value> CoerceValue(const Value& v, const DataType& type) {
  if (IsNull(v)) return v;
  const auto* s = std::get_if<std::string>(&v);
  switch (type.id) {
    case TypeId::kBoolean: {
      if (std::holds_alternative<bool>(v)) return v;
      if (s == nullptr) return Mismatch(type, KindName(v));
      std::string t = ToLowerAscii(TrimBlanks(*s));
      if (t == "true" || t == "t" || t == "yes" || t == "on" || t == "1") return Value(true);
      if (t == "false" || t == "f" || t == "no" || t == "off" || t == "0") return Value(false);
      return BadText(type, *s);
    }
    case TypeId::kSmallInt:
    case TypeId::kInt:
    case TypeId::kBigInt:
      return ToInteger(v, type);
    case TypeId::kReal:
    case TypeId::kDouble: {
      if (const auto* i = std::get_if<int64_t>(&v)) return Value(static_cast<double>(*i));
      if (std::holds_alternative<double>(v)) return v;
      double d = 0;
      if (s != nullptr && ParseDouble(*s, &d)) return Value(d);
      return s != nullptr ? BadText(type, *s) : Mismatch(type, KindName(v));
    }
    case TypeId::kDecimal:
      return ToDecimal(v, type);
    case TypeId::kText:
    case TypeId::kOther:
      if (s != nullptr) return v;
      if (const auto* i = std::get_if<int64_t>(&v)) return Value(std::to_string(*i));
      if (const auto* d = std::get_if<double>(&v)) return Value(fmt::format("{}", *d));
      return Value(std::string(std::get<bool>(v) ? "true" : "false"));
    case TypeId::kTimestamp:
    case TypeId::kDate:
    case TypeId::kTime: {
      if (s == nullptr) return Mismatch(type, KindName(v));
      int64_t out = 0;
      bool ok = type.id == TypeId::kTimestamp ? ParseTimestampMicros(*s, &out)
                : type.id == TypeId::kDate    ? ParseDateDays(*s, &out)
                                              : ParseTimeMicros(*s, &out);
      if (!ok) return BadText(type, *s);
      return Value(out);
    }
    case TypeId::kFile: {
      // A FILE cell is an object naming a file of kalam.user_files (CONTRACT §8): written as that
      // object, or as the bare file_id POST /v1/files answered.
      if (s == nullptr) return Mismatch(type, KindName(v));
      if (s->starts_with("FI-") && s->size() <= 64 &&
          s->find_first_not_of("0123456789abcdefFI-") == std::string::npos) {
        return Value(nlohmann::json{{"file_id", *s}}.dump());
      }
      auto parsed = nlohmann::json::parse(*s, nullptr, false);
      if (!parsed.is_object() || !parsed.contains("file_id") || !parsed["file_id"].is_string()) {
        return BadText(type, *s);
      }
      return Value(parsed.dump());
    }
    case TypeId::kJson: {
      if (s == nullptr) {
        if (const auto* i = std::get_if<int64_t>(&v)) return Value(std::to_string(*i));
        if (const auto* d = std::get_if<double>(&v)) return Value(fmt::format("{}", *d));
        return Value(std::string(std::get<bool>(v) ? "true" : "false"));
      }
      auto parsed = nlohmann::json::parse(*s, nullptr, false);
      if (parsed.is_discarded()) return BadText(DataType::Of(TypeId::kJson), *s);
      return Value(parsed.dump());
    }
    case TypeId::kBytes: {
      if (s == nullptr) return Mismatch(type, KindName(v));
      if (IsByteaHex(*s)) {
        std::string out;
        if (!DecodeByteaHex(*s, &out)) return BadText(DataType::Of(TypeId::kBytes), *s);
        return Value(out);
      }
      return v;
    }
    case TypeId::kUuid: {
      if (s == nullptr || !IsCanonicalUuid(TrimBlanks(*s))) {
        return s != nullptr ? BadText(type, *s) : Mismatch(type, KindName(v));
      }
      return Value(ToLowerAscii(TrimBlanks(*s)));
    }
  }
  return Mismatch(type, KindName(v));
}

}  // namespace kalam
