#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace kalam::store {

/// What a committed row write did.
enum class ChangeKind : uint8_t { kInsert = 0, kUpdate = 1, kDelete = 2 };

/// One committed row write, as the change feed and the change log carry it: the row's family and
/// key, its _seq, the version it replaced (empty when none is known: an insert) and the version
/// written (a tombstone for a delete, which keeps the deleted row's values).
struct Change {
  std::string family;
  std::string key;
  int64_t seq = 0;
  ChangeKind kind = ChangeKind::kInsert;
  std::string old_value;
  std::string new_value;
};

/// The change log of a writer: column family `live.changes.{shard}` (USER and STREAM tables of a
/// shard) or `live.changes.shared`. It holds the changes of the watched row families and partitions
/// only (see ChangeLogWatchKey): a table — or a user — nobody ever subscribed to writes no change log. Each commit group writes one entry (a block, split when large)
/// holding its changes in seq order, keyed by the block's newest seq (8 bytes big-endian): so the
/// log is in commit order, a seek to `from + 1` finds every block holding a later change, and a
/// trim by one range delete below a cut removes only blocks wholly older than it. Written in the
/// same batch as the rows it describes; one entry per group instead of per row keeps the feed's
/// cost per written row small (one memtable insert and one family name per group).
std::string ChangeLogFamily(int shard);
std::string SharedChangeLogFamily();
/// The key (sorting before every seq) under which a change log keeps the seq below which it was
/// trimmed: a resume from an older seq may have lost changes.
inline constexpr std::string_view kChangeLogFloorKey = "";
/// True for the name of a change-log family.
bool IsChangeLogFamily(std::string_view family);
/// A change log logs only the row families — for USER and STREAM tables only the users' partitions
/// of them — somebody subscribed to (watched): for each it keeps, under this key, the seq after
/// which every change of it is in the log (8 bytes big-endian). The key is 0xff, the family, and
/// for a partition `\0` and the user. It starts with 0xff, above every seq key (a seq's first byte
/// is below 0x80), so trims and seeks by seq never touch it.
std::string ChangeLogWatchKey(std::string_view family, std::string_view partition = {});
/// The family and partition ("" = whole family) of a watch key (without checking its first byte).
std::pair<std::string_view, std::string_view> SplitChangeLogWatchKey(std::string_view key);
/// The first byte of every watch key.
inline constexpr char kChangeLogWatchPrefix = '\xff';
/// True for the key of a change-log block (an 8-byte seq), false for the floor and watch keys.
bool IsChangeLogSeqKey(std::string_view key);

/// Builds the value of one change-log block. Changes must come in increasing seq order.
class ChangeBlockBuilder {
 public:
  ChangeBlockBuilder();
  void Add(ChangeKind kind, std::string_view family, std::string_view key, int64_t seq, std::string_view old_value,
           std::string_view new_value);
  void Add(const Change& change) {
    Add(change.kind, change.family, change.key, change.seq, change.old_value, change.new_value);
  }
  bool empty() const { return count_ == 0; }
  size_t bytes() const { return out_.size(); }
  /// The newest seq added: the block's key.
  int64_t newest_seq() const { return last_seq_; }
  /// The block's bytes; the builder starts over.
  std::string Finish();

 private:
  std::string out_;
  std::vector<std::string> families_;  // as numbered in this block, in order of first use
  int64_t last_seq_ = 0;
  size_t count_ = 0;
};

/// The changes of a change-log entry stored under `key_seq`, in seq order. Reads blocks and the
/// single-change entries of earlier versions. INTERNAL_ERROR on corrupt bytes.
Result<std::vector<Change>> DecodeChanges(int64_t key_seq, std::string_view bytes);

/// The smallest snowflake seq made at or after `unix_ms` (seqs older than it are below).
int64_t SeqAtMillis(int64_t unix_ms);

}  // namespace kalam::store
