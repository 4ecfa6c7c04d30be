#include "testing/test_util.h"

#include <cstdlib>
#include <string>

namespace kalam::testing {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "kalam-test-XXXXXX").string();
  char* made = mkdtemp(tmpl.data());
  KALAM_CHECK(made != nullptr);
  path_ = made;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace kalam::testing
