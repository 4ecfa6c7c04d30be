#include "serde/serde.h"

#include "serde/json_codec.h"

namespace kalam::serde {

std::unique_ptr<RecordWriter> NewWriter(Format format) {
  switch (format) {
    case Format::kJson:
      return NewJsonWriter();
  }
  return NewJsonWriter();
}

Result<std::unique_ptr<Reader>> NewReader(Format format, std::string_view bytes) {
  switch (format) {
    case Format::kJson:
      return NewJsonReader(bytes);
  }
  return Status(ErrorCode::kInternal, "unknown serde format");
}

Result<Format> ParseFormat(std::string_view name) {
  if (name == "json") return Format::kJson;
  return Status(ErrorCode::kInvalidParameter,
                "invalid serde format \"" + std::string(name) + "\" (expected: json)");
}

}  // namespace kalam::serde
