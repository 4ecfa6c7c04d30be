#pragma once

#include <memory>
#include <string_view>

#include "serde/serde.h"

namespace kalam::serde {

/// JSON object per record: {"field": value, ...}.
std::unique_ptr<RecordWriter> NewJsonWriter();
Result<std::unique_ptr<Reader>> NewJsonReader(std::string_view bytes);

}  // namespace kalam::serde
