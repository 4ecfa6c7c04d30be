#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kalam::api {

/// One part of a multipart/form-data body (RFC 7578). Views into the body.
struct MultipartPart {
  std::string name;          // the form field (Content-Disposition name)
  std::string filename;      // empty when the part is no file
  std::string content_type;  // the part's Content-Type, empty when absent
  std::string_view data;
};

/// The parts of a `multipart/form-data; boundary=…` body. INVALID_PARAMETER when the content type
/// is not multipart/form-data with a boundary, or the body is not well formed (no closing
/// delimiter, a part without headers' end).
Result<std::vector<MultipartPart>> ParseMultipart(std::string_view content_type, std::string_view body);

}  // namespace kalam::api
