#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/enum_names.h"
#include "common/status.h"

namespace kalam::serde {

/// Encodings a model can be stored in. Models never know which one is used.
enum class Format : uint8_t { kJson = 1 };

/// Receives a model's fields by name. One implementation per Format.
class Writer {
 public:
  virtual ~Writer() = default;
  virtual void WriteString(std::string_view name, std::string_view value) = 0;
  virtual void WriteInt(std::string_view name, int64_t value) = 0;
  virtual void WriteBool(std::string_view name, bool value) = 0;
  virtual void WriteNull(std::string_view name) = 0;

  void WriteOptionalString(std::string_view name, const std::optional<std::string>& value) {
    value ? WriteString(name, *value) : WriteNull(name);
  }
  void WriteOptionalInt(std::string_view name, std::optional<int64_t> value) {
    value ? WriteInt(name, *value) : WriteNull(name);
  }
  template <class E>
  void WriteEnum(std::string_view name, E value) {
    WriteString(name, ToString(value));
  }
  /// A list of nested records, each written by its model's Serialize.
  template <class T>
  void WriteList(std::string_view name, const std::vector<T>& items) {
    BeginList(name);
    for (const auto& item : items) item.Serialize(*BeginItem());
    EndList();
  }

 protected:
  // List support for WriteList: a format opens a list, hands out one writer per item, closes it.
  virtual void BeginList(std::string_view name) = 0;
  virtual Writer* BeginItem() = 0;
  virtual void EndList() = 0;
};

/// Yields a model's fields by name. Missing or mistyped fields are INTERNAL_ERROR (corrupt data).
class Reader {
 public:
  virtual ~Reader() = default;
  virtual Result<std::string> ReadString(std::string_view name) const = 0;
  virtual Result<int64_t> ReadInt(std::string_view name) const = 0;
  virtual Result<bool> ReadBool(std::string_view name) const = 0;
  /// True when the field is present and not null (fields added later may be absent).
  virtual bool Has(std::string_view name) const = 0;

  Result<std::optional<std::string>> ReadOptionalString(std::string_view name) const {
    if (!Has(name)) return std::optional<std::string>();
    KALAM_ASSIGN_OR_RETURN(auto v, ReadString(name));
    return std::optional<std::string>(std::move(v));
  }
  Result<std::optional<int64_t>> ReadOptionalInt(std::string_view name) const {
    if (!Has(name)) return std::optional<int64_t>();
    KALAM_ASSIGN_OR_RETURN(auto v, ReadInt(name));
    return std::optional<int64_t>(v);
  }
  template <class E>
  Result<E> ReadEnum(std::string_view name) const {
    KALAM_ASSIGN_OR_RETURN(auto s, ReadString(name));
    return ParseEnum<E>(s);
  }
  /// A list of nested records, each read by T::Deserialize. Absent = empty.
  template <class T>
  Result<std::vector<T>> ReadList(std::string_view name) const {
    KALAM_ASSIGN_OR_RETURN(auto readers, ReadItems(name));
    std::vector<T> out;
    for (const auto& r : readers) {
      KALAM_ASSIGN_OR_RETURN(T item, T::Deserialize(*r));
      out.push_back(std::move(item));
    }
    return out;
  }

 protected:
  virtual Result<std::vector<std::unique_ptr<Reader>>> ReadItems(std::string_view name) const = 0;
};

/// A writer that produces the bytes of one record in `format`.
class RecordWriter : public Writer {
 public:
  virtual std::string Finish() = 0;
};

std::unique_ptr<RecordWriter> NewWriter(Format format);
/// INTERNAL_ERROR when `bytes` is not a record of `format`.
Result<std::unique_ptr<Reader>> NewReader(Format format, std::string_view bytes);
/// "json" → kJson; INVALID_PARAMETER otherwise.
Result<Format> ParseFormat(std::string_view name);

/// Encodes a model that has `void Serialize(serde::Writer&) const`.
template <class T>
std::string Encode(const T& model, Format format) {
  auto writer = NewWriter(format);
  model.Serialize(*writer);
  return writer->Finish();
}

/// Decodes a model that has `static Result<T> Deserialize(const serde::Reader&)`.
template <class T>
Result<T> Decode(std::string_view bytes, Format format) {
  KALAM_ASSIGN_OR_RETURN(auto reader, NewReader(format, bytes));
  return T::Deserialize(*reader);
}

}  // namespace kalam::serde
