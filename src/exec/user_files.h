#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/caller.h"
#include "exec/exec_context.h"

namespace kalam::exec {

/// Per-user files (CONTRACT §8). Every user has rows in `kalam.user_files`, a USER table the server
/// creates (`file_id, name, mime, size, sha256, storage_id, path, created_at`; USE_USER_STORAGE):
/// readable by its owner like any USER table, written only here (SQL writes to the `kalam`
/// namespace are PERMISSION_DENIED, so no row can point at another user's file).
class UserFiles {
 public:
  static constexpr std::string_view kNamespace = "kalam";
  static constexpr std::string_view kTable = "user_files";

  /// A stored file's row.
  struct File {
    std::string file_id;  // `FI-` + 16 hex digits
    std::string name;
    std::string mime;
    int64_t size = 0;
    std::string sha256;  // hex
    std::string storage_id;
    std::string path;  // in the storage
    int64_t created_at_us = 0;
  };

  explicit UserFiles(ExecContext ctx) : ctx_(std::move(ctx)) {}

  /// Creates namespace `kalam` and table `kalam.user_files` when missing (start-up).
  static Status EnsureTable(ExecContext& ctx);

  /// Stores `bytes` as a file of `caller` in their storage — the user's own when its storage_mode
  /// is 'region', else the table's (`{user template}/files/{file_id}`) — and records its row; the
  /// stored object is removed again when the row cannot be written. `name` is the file's name
  /// (no directories; INVALID_PARAMETER when empty), `mime` its type (`application/octet-stream`
  /// unless it is a plain `type/subtype`; parameters such as `; charset=…` are dropped).
  Result<File> Store(const Caller& caller, std::string_view name, std::string_view mime, std::string_view bytes);

  /// `caller`'s file `file_id` and its bytes. NOT_FOUND for an unknown id or another user's file
  /// (which looks like none).
  Result<std::pair<File, std::string>> Load(const Caller& caller, std::string_view file_id);

  /// The row as the JSON object POST /v1/files answers.
  static std::string ToJson(const File& file);

 private:
  ExecContext ctx_;
};

}  // namespace kalam::exec
