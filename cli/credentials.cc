#include "cli/credentials.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

namespace kalam::cli {
namespace {

toml::table Load(const std::string& path) {
  try {
    return toml::parse_file(path);
  } catch (const std::exception&) {
    return {};
  }
}

bool Save(const std::string& path, const toml::table& table) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) return false;
    ::chmod(tmp.c_str(), 0600);
    out << "# KalamDB CLI tokens, one table per server (never passwords).\n" << table << "\n";
    if (!out) return false;
  }
  std::filesystem::rename(tmp, path, ec);
  return !ec && ::chmod(path.c_str(), 0600) == 0;
}

}  // namespace

std::optional<StoredToken> CredentialStore::Get(const std::string& url) const {
  toml::table t = Load(path_);
  const toml::table* entry = t[url].as_table();
  if (entry == nullptr) return std::nullopt;
  StoredToken out;
  out.username = (*entry)["username"].value_or(std::string());
  out.token = (*entry)["token"].value_or(std::string());
  out.expires_at = (*entry)["expires_at"].value_or(std::string());
  if (out.token.empty()) return std::nullopt;
  return out;
}

bool CredentialStore::Put(const std::string& url, const StoredToken& token) const {
  toml::table t = Load(path_);
  t.insert_or_assign(url, toml::table{{"username", token.username}, {"token", token.token},
                                      {"expires_at", token.expires_at}});
  return Save(path_, t);
}

bool CredentialStore::Remove(const std::string& url) const {
  toml::table t = Load(path_);
  t.erase(url);
  return Save(path_, t);
}

std::string KalamHome() {
  const char* home = std::getenv("HOME");
  std::filesystem::path dir = std::filesystem::path(home != nullptr && *home != '\0' ? home : ".") / ".kalam";
  std::error_code ec;
  if (std::filesystem::create_directories(dir, ec)) ::chmod(dir.c_str(), 0700);
  return dir.string();
}

}  // namespace kalam::cli
