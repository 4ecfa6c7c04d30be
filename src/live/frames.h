#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "store/change_log.h"

namespace kalam::live {

// The server → client frames of CONTRACT §7, as JSON text. Rows are arrays in the order of the
// acknowledged schema, values encoded as in HTTP results.

std::string AckFrame(std::string_view id, std::string_view live_id, const std::vector<ColumnInfo>& schema);
std::string InitialBatchFrame(std::string_view id, const std::vector<ColumnInfo>& schema,
                              const std::vector<Row>& rows, size_t begin, size_t end, bool has_more);
std::string ReadyFrame(std::string_view id, int64_t seq);
/// One row of a frame as JSON: an array in the order of `schema`. A change sent to many
/// subscriptions that read it alike is encoded once and copied into each one's frame.
std::string RowJson(const Row& row, const std::vector<ColumnInfo>& schema);

/// Consecutive changes of one kind to one subscription (e.g. the rows of one INSERT), sent as one
/// change frame: `rows` for insert/update, `old_rows` for update/delete, row i of each belonging
/// together, and the frame's `seq` that of its newest row.
struct ChangeRun {
  store::ChangeKind kind = store::ChangeKind::kInsert;
  std::string rows;      // RowJsons, comma-separated
  std::string old_rows;  // RowJsons, comma-separated
  size_t count = 0;
  int64_t seq = 0;

  /// Whether a change of `change_kind` may join the run (which holds at most `limit` changes).
  bool Accepts(store::ChangeKind change_kind, size_t limit) const {
    return count == 0 || (change_kind == kind && count < limit);
  }
  /// Appends one change (see Accepts); `row` / `old_row` empty when the kind has none.
  void Add(store::ChangeKind change_kind, std::string_view row, std::string_view old_row, int64_t change_seq);
  void Clear();
};
std::string ChangeFrame(std::string_view id, const ChangeRun& run);
std::string UnsubscribedFrame(std::string_view id);
/// `id` empty: an error of the connection rather than of one subscription.
std::string ErrorFrame(std::string_view id, const Status& status);
std::string AuthSuccessFrame(std::string_view username, std::string_view role);
std::string PongFrame();

/// "insert" / "update" / "delete".
std::string_view ChangeTypeName(store::ChangeKind kind);

}  // namespace kalam::live
