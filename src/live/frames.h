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
/// A change frame in two parts, so one change sent to many subscriptions is encoded once: the body
/// (everything after the id: `change_type`, `rows` for insert/update, `old_rows` for update/delete,
/// `seq`) and the frame of one subscription id around it.
std::string ChangeFrameBody(store::ChangeKind kind, const std::vector<ColumnInfo>& schema, const Row* row,
                            const Row* old_row, int64_t seq);
std::string ChangeFrame(std::string_view id, std::string_view body);
std::string UnsubscribedFrame(std::string_view id);
/// `id` empty: an error of the connection rather than of one subscription.
std::string ErrorFrame(std::string_view id, const Status& status);
std::string AuthSuccessFrame(std::string_view username, std::string_view role);
std::string PongFrame();

/// "insert" / "update" / "delete".
std::string_view ChangeTypeName(store::ChangeKind kind);

}  // namespace kalam::live
