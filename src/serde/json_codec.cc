#include "serde/json_codec.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace kalam::serde {
namespace {

class JsonWriter final : public RecordWriter {
 public:
  nlohmann::json Take() {
    FinishItems();
    return std::move(obj_);
  }

  void WriteString(std::string_view name, std::string_view value) override {
    obj_[std::string(name)] = std::string(value);
  }
  void WriteInt(std::string_view name, int64_t value) override { obj_[std::string(name)] = value; }
  void WriteBool(std::string_view name, bool value) override { obj_[std::string(name)] = value; }
  void WriteNull(std::string_view name) override { obj_[std::string(name)] = nullptr; }
  std::string Finish() override {
    FinishItems();
    return obj_.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }

 protected:
  void BeginList(std::string_view name) override {
    list_name_ = std::string(name);
    items_.clear();
  }
  Writer* BeginItem() override {
    items_.push_back(std::make_unique<JsonWriter>());
    return items_.back().get();
  }
  void EndList() override { FinishItems(); }

 private:
  void FinishItems() {
    if (list_name_.empty()) return;
    nlohmann::json list = nlohmann::json::array();
    for (auto& item : items_) list.push_back(item->Take());
    obj_[list_name_] = std::move(list);
    list_name_.clear();
    items_.clear();
  }

  nlohmann::json obj_ = nlohmann::json::object();
  std::string list_name_;
  std::vector<std::unique_ptr<JsonWriter>> items_;
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

 protected:
  Result<std::vector<std::unique_ptr<Reader>>> ReadItems(std::string_view name) const override {
    std::vector<std::unique_ptr<Reader>> out;
    const auto* v = Find(name);
    if (v == nullptr || v->is_null()) return out;
    if (!v->is_array()) return Bad(name, "list");
    for (const auto& item : *v) {
      if (!item.is_object()) return Bad(name, "list of records");
      out.push_back(std::make_unique<JsonReader>(item));
    }
    return out;
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
