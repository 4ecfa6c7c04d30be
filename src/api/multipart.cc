#include "api/multipart.h"

#include "common/strings.h"

namespace kalam::api {
namespace {

Status Bad(std::string_view why) {
  return Status(ErrorCode::kInvalidParameter, "malformed multipart/form-data body: " + std::string(why));
}

/// The value of `key=` in a header's parameters (`; name="file"; filename="a.txt"`), unquoted;
/// empty when absent.
std::string Parameter(std::string_view header, std::string_view key) {
  size_t at = 0;
  while ((at = header.find(';', at)) != std::string_view::npos) {
    ++at;
    while (at < header.size() && (header[at] == ' ' || header[at] == '\t')) ++at;
    if (!EqualsIgnoreCase(header.substr(at, key.size()), key) || header.substr(at + key.size(), 1) != "=") continue;
    std::string_view value = header.substr(at + key.size() + 1);
    if (!value.empty() && value.front() == '"') {
      std::string out;
      for (size_t i = 1; i < value.size() && value[i] != '"'; ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) ++i;
        out.push_back(value[i]);
      }
      return out;
    }
    return std::string(value.substr(0, value.find_first_of("; \t")));
  }
  return {};
}

}  // namespace

Result<std::vector<MultipartPart>> ParseMultipart(std::string_view content_type, std::string_view body) {
  const std::string_view media = TrimBlanks(content_type.substr(0, content_type.find(';')));
  if (!EqualsIgnoreCase(media, "multipart/form-data")) {
    return Status(ErrorCode::kInvalidParameter, "expected a multipart/form-data body");
  }
  const std::string boundary = Parameter(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 200) return Bad("no boundary");
  const std::string delimiter = "--" + boundary;
  size_t at = body.find(delimiter);
  if (at == std::string_view::npos) return Bad("no part");
  std::vector<MultipartPart> parts;
  while (true) {
    at += delimiter.size();
    if (body.substr(at, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(at, 2) != "\r\n") return Bad("a delimiter is not followed by a line break");
    at += 2;
    const size_t headers_end = body.find("\r\n\r\n", at);
    if (headers_end == std::string_view::npos) return Bad("a part's headers do not end");
    MultipartPart part;
    for (std::string_view headers = body.substr(at, headers_end - at); !headers.empty();) {
      const size_t eol = headers.find("\r\n");
      const std::string_view line = headers.substr(0, eol);
      headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
      const size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      const std::string_view name = TrimBlanks(line.substr(0, colon));
      const std::string_view value = TrimBlanks(line.substr(colon + 1));
      if (EqualsIgnoreCase(name, "content-disposition")) {
        part.name = Parameter(value, "name");
        part.filename = Parameter(value, "filename");
      } else if (EqualsIgnoreCase(name, "content-type")) {
        part.content_type = std::string(value);
      }
    }
    const size_t data_start = headers_end + 4;
    const size_t next = body.find("\r\n" + delimiter, data_start);
    if (next == std::string_view::npos) return Bad("no closing delimiter");
    part.data = body.substr(data_start, next - data_start);
    parts.push_back(std::move(part));
    at = next + 2;
  }
}

}  // namespace kalam::api
