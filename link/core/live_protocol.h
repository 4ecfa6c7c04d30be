#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "link/core/result.h"

namespace kalam::link {

// Live queries over /v1/ws (CONTRACT §7): client messages, server frames, and the bookkeeping that
// lets a reconnecting client resume every subscription with no gap (no I/O here).

struct SubscribeOptions {
  std::optional<int64_t> last_rows;
  std::optional<std::string> from_seq;
  std::optional<int64_t> batch_size;
};

std::string EncodeAuthenticateToken(std::string_view token);
std::string EncodeAuthenticatePassword(std::string_view username, std::string_view password);
std::string EncodeSubscribe(std::string_view id, std::string_view sql, const SubscribeOptions& options);
std::string EncodeUnsubscribe(std::string_view id);
std::string EncodePing();

struct ServerFrame {
  enum class Type : uint8_t {
    kAuthSuccess, kSubscriptionAck, kInitialDataBatch, kReady, kChange, kUnsubscribed, kPong, kError, kUnknown
  };
  Type type = Type::kUnknown;
  std::string id;
  std::string live_id;
  std::string username;
  std::string role;
  /// ready/change: the seq (a decimal string, as BIGINTs travel).
  std::string seq;
  /// change: "insert" | "update" | "delete".
  std::string change_type;
  std::vector<Column> columns;
  std::vector<CellRow> rows;
  std::vector<CellRow> old_rows;
  bool has_more = false;
  Error error;
};

/// Never throws: text that is not a server frame is kUnknown (or kError with code PROTOCOL_ERROR).
ServerFrame DecodeServerFrame(std::string_view text);

/// The subscriptions of one client and the last seq each has seen. After a reconnect, each is
/// subscribed again from its last seq (no initial data, every change after it once); one that never
/// got to `ready` starts over with its original options.
class SubscriptionSet {
 public:
  void Add(const std::string& id, const std::string& sql, const SubscribeOptions& options);
  void Remove(const std::string& id);
  bool Contains(const std::string& id) const { return subs_.count(id) != 0; }
  /// Records the seq of ready/change frames. Returns false for a change the subscription has already
  /// seen (seq not above its last): a duplicate the caller must drop.
  bool Observe(const ServerFrame& frame);
  /// The same from a frame's type, id and seq (callers that decode frames themselves: the SDK).
  bool Observe(const std::string& id, ServerFrame::Type type, std::string_view seq);
  /// The subscribe messages to send on a fresh connection.
  std::vector<std::string> ResumeMessages() const;
  std::vector<std::string> Ids() const;
  std::optional<std::string> LastSeq(const std::string& id) const;
  /// The subscribe message of one subscription as it stands (resuming when it has a seq).
  std::string SubscribeMessage(const std::string& id) const;

 private:
  struct Entry {
    std::string sql;
    SubscribeOptions options;
    std::optional<std::string> last_seq;
  };
  std::map<std::string, Entry> subs_;
};

/// Compares two decimal seqs (no sign, no leading zeros): -1, 0, 1.
int CompareSeq(std::string_view a, std::string_view b);

}  // namespace kalam::link
