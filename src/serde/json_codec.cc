#include "serde/json_codec.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace kalam::serde {
namespace {

class JsonWriter final : public RecordWriter {
 public:
  void WriteString(std::string_view name, std::string_view value) override {
    obj_[std::string(name)] = std::string(value);
  }
  void WriteInt(std::string_view name, int64_t value) override { obj_[std::string(name)] = value; }
  void WriteBool(std::string_view name, bool value) override { obj_[std::string(name)] = value; }
  void WriteNull(std::string_view name) override { obj_[std::string(name)] = nullptr; }
  std::string Finish() override {
    return obj_.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }

 private:
  nlohmann::json obj_ = nlohmann::json::object();
};

class JsonReader final : public Reader {
 public:
  explicit JsonReader(nlohmann::json obj) : obj_(std::move(obj)) {}

  Result<std::string> ReadString(std::string_view name) const override {
    const auto* v = Find(name);
    if (v == nullptr || !v->is_string()) return Bad(name, "string");
    return v->get<std::string>();
  }
  Result<int64_t> ReadInt(std::string_view name) const override {
    const auto* v = Find(name);
    if (v == nullptr || !v->is_number_integer()) return Bad(name, "integer");
    return v->get<int64_t>();
  }
  Result<bool> ReadBool(std::string_view name) const override {
    const auto* v = Find(name);
    if (v == nullptr || !v->is_boolean()) return Bad(name, "boolean");
    return v->get<bool>();
  }
  bool Has(std::string_view name) const override {
    const auto* v = Find(name);
    return v != nullptr && !v->is_null();
  }

 private:
  const nlohmann::json* Find(std::string_view name) const {
    auto it = obj_.find(name);
    return it == obj_.end() ? nullptr : &*it;
  }
  static Status Bad(std::string_view name, std::string_view want) {
    return Status(ErrorCode::kInternal,
                  fmt::format("corrupt record: field \"{}\" is not a {}", name, want));
  }

  nlohmann::json obj_;
};

}  // namespace

std::unique_ptr<RecordWriter> NewJsonWriter() { return std::make_unique<JsonWriter>(); }

Result<std::unique_ptr<Reader>> NewJsonReader(std::string_view bytes) {
  auto obj = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (!obj.is_object()) {
    return Status(ErrorCode::kInternal, "corrupt record: not a JSON object");
  }
  return std::unique_ptr<Reader>(std::make_unique<JsonReader>(std::move(obj)));
}

}  // namespace kalam::serde
