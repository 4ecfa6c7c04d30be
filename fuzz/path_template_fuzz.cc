// Storage path templates come from CREATE/ALTER STORAGE: validation never crashes, and a valid
// template expands to a relative path with no variables and no `..` segment.
#include <cstdint>
#include <string>

#include "common/path_template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto kind = data[0] % 2 == 0 ? kalam::TemplateKind::kShared : kalam::TemplateKind::kUser;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (!kalam::ValidateTemplate(kind, text).ok()) return 0;
  const kalam::TemplateValues values{"app", "notes", "shard-1", "alice"};
  std::string path = kalam::ExpandTemplate(text, values);
  if (path.empty() || path.front() == '/' || path.find("{namespace}") != std::string::npos ||
      path.find("/../") != std::string::npos || path.rfind("../", 0) == 0) {
    __builtin_trap();
  }
  if (kind == kalam::TemplateKind::kUser) (void)kalam::TableRootOf(text, values);
  return 0;
}
