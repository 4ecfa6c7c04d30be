#include "engine/internal/top_query.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "duckdb/parser/expression/constant_expression.hpp"
#include "duckdb/parser/query_node/select_node.hpp"
#include "duckdb/parser/result_modifier.hpp"
#include "duckdb/parser/statement/select_statement.hpp"
#include "store/cold_index.h"
#include "store/row_codec.h"

namespace kalam::engine::internal {
namespace {

/// The keys of one family's partition in the order of a walk.
class Walk {
 public:
  virtual ~Walk() = default;
  virtual bool Valid() const = 0;
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
  virtual void Step() = 0;
  virtual Status status() const = 0;
};

/// A cursor stepped forwards, or backwards from the last key.
class CursorWalk final : public Walk {
 public:
  CursorWalk(std::unique_ptr<store::Cursor> cursor, bool descending)
      : cursor_(std::move(cursor)), descending_(descending) {
    if (descending_) cursor_->SeekToLast();
  }
  bool Valid() const override { return cursor_->Valid(); }
  std::string_view key() const override { return cursor_->key(); }
  std::string_view value() const override { return cursor_->value(); }
  void Step() override { descending_ ? cursor_->Prev() : cursor_->Next(); }
  Status status() const override { return cursor_->status(); }

 private:
  std::unique_ptr<store::Cursor> cursor_;
  bool descending_;
};

/// Walks a BIGINT-keyed partition from its last key down by reading forward chunks: a memtable is
/// a skiplist without back links, so each Prev searches it from the top again (walking 50 rows
/// back that way was most of a top-rows query's time). A chunk is the rows of a key range just
/// below the previous one, sized from the spacing of the last two keys and growing 4× per chunk;
/// one that would hold over kMaxChunk rows is read again over a narrower range.
class ChunkedDescent final : public Walk {
 public:
  ChunkedDescent(std::unique_ptr<store::Cursor> cursor, size_t prefix_size, int64_t wanted)
      : cursor_(std::move(cursor)), prefix_size_(prefix_size) {
    cursor_->SeekToLast();
    if (!cursor_->Valid()) return;
    top_ = KeyNumber(cursor_->key());
    cursor_->Prev();
    const uint64_t spacing = cursor_->Valid() ? std::max<uint64_t>(1, top_ - KeyNumber(cursor_->key())) : 1;
    span_ = Times(spacing, static_cast<uint64_t>(wanted) + 1);
    more_ = true;
    Load();
  }
  bool Valid() const override { return next_ < rows_.size(); }
  std::string_view key() const override { return rows_[next_].first; }
  std::string_view value() const override { return rows_[next_].second; }
  void Step() override {
    if (++next_ == rows_.size()) Load();
  }
  Status status() const override { return cursor_->status(); }

 private:
  static constexpr size_t kMaxChunk = 4096;

  /// The key's number: its 8 key bytes, big-endian (sign-flipped int64, so ordered as unsigned).
  uint64_t KeyNumber(std::string_view key) const {
    const std::string_view suffix = key.substr(std::min(prefix_size_, key.size()));
    char bytes[8] = {};  // (read for every row of a chunk: no allocation)
    std::memcpy(bytes, suffix.data(), std::min<size_t>(8, suffix.size()));
    return static_cast<uint64_t>(store::FromBigEndian64(std::string_view(bytes, 8)));
  }
  static uint64_t Times(uint64_t a, uint64_t b) {
    return a > std::numeric_limits<uint64_t>::max() / b ? std::numeric_limits<uint64_t>::max() : a * b;
  }

  /// Reads the next non-empty chunk below top_ (in descending order), or ends the walk.
  void Load() {
    rows_.clear();
    next_ = 0;
    while (more_ && rows_.empty()) {
      const uint64_t low = top_ > span_ ? top_ - span_ + 1 : 0;
      std::string start = store::BigEndian64(static_cast<int64_t>(low));
      bool overflow = false;
      for (cursor_->Seek(start); cursor_->Valid() && KeyNumber(cursor_->key()) <= top_; cursor_->Next()) {
        if (rows_.size() == kMaxChunk) {
          overflow = true;
          break;
        }
        rows_.emplace_back(cursor_->key(), cursor_->value());
      }
      if (overflow) {  // too dense: the upper part of the range again
        rows_.clear();
        span_ = std::max<uint64_t>(1, span_ / 8);
        continue;
      }
      if (!cursor_->status().ok() || low == 0) {
        more_ = false;
      } else {
        top_ = low - 1;
        span_ = Times(span_, 4);
      }
    }
    std::reverse(rows_.begin(), rows_.end());
  }

  std::unique_ptr<store::Cursor> cursor_;
  size_t prefix_size_;
  uint64_t top_ = 0;   // the highest key number the next chunk may hold
  uint64_t span_ = 1;  // how many key numbers the next chunk spans
  bool more_ = false;
  std::vector<std::pair<std::string, std::string>> rows_;  // the chunk, descending
  size_t next_ = 0;
};


bool MatchOrder(const duckdb::OrderModifier& order, TopShape& shape) {
  if (order.orders.size() != 1) return false;
  const duckdb::OrderByNode& by = order.orders[0];
  auto column = by.expression ? PlainColumn(*by.expression) : std::nullopt;
  if (!column) return false;
  shape.order_column = *column;
  shape.descending = by.type == duckdb::OrderType::DESCENDING;
  return true;
}

bool MatchLimit(const duckdb::LimitModifier& limit, TopShape& shape) {
  if (!limit.limit || limit.offset || limit.limit->GetExpressionClass() != duckdb::ExpressionClass::CONSTANT) {
    return false;
  }
  const duckdb::Value& value = limit.limit->Cast<duckdb::ConstantExpression>().value;
  if (value.IsNull() || !value.type().IsIntegral()) return false;
  const int64_t n = value.GetValue<int64_t>();
  if (n < 0 || n > kMaxTopRows) return false;
  shape.limit = n;
  return true;
}

}  // namespace

std::optional<TopShape> MatchTopShape(const duckdb::SQLStatement& statement) {
  const duckdb::SelectNode* single = SingleSelectNode(statement);
  if (single == nullptr) return std::nullopt;
  const duckdb::SelectNode& node = *single;
  if (node.where_clause || node.modifiers.size() != 2) return std::nullopt;
  TopShape shape;
  bool ordered = false;
  bool limited = false;
  for (const auto& modifier : node.modifiers) {
    switch (modifier->type) {
      case duckdb::ResultModifierType::ORDER_MODIFIER:
        ordered = MatchOrder(modifier->Cast<duckdb::OrderModifier>(), shape);
        break;
      case duckdb::ResultModifierType::LIMIT_MODIFIER:
        limited = MatchLimit(modifier->Cast<duckdb::LimitModifier>(), shape);
        break;
      default:
        return std::nullopt;
    }
  }
  if (!ordered || !limited) return std::nullopt;
  auto plain = MatchPlainSelect(node);
  if (!plain) return std::nullopt;
  // ORDER BY names an output column first: `SELECT v AS id ... ORDER BY id` orders by v.
  for (const auto& [column, output] : plain->columns) {
    if (output == shape.order_column && column != shape.order_column) return std::nullopt;
  }
  shape.select = std::move(*plain);
  return shape;
}

std::optional<Result<RowSet>> RunTopQuery(const TopShape& shape, const ScanContext& scan, const QueryContext& ctx) {
  auto read = ResolveHotRead(shape.select, scan, ctx);
  if (!read) return std::nullopt;
  const auto& key = read->table.columns[read->table.PrimaryKeyIndex()];
  if (key.name != shape.order_column || (key.type.id != TypeId::kBigInt && key.type.id != TypeId::kText)) {
    return std::nullopt;
  }
  RowSet out;
  out.columns = read->columns;
  if (shape.limit == 0 || !scan.store->HasColumnFamily(read->family)) return Result<RowSet>(std::move(out));

  // One snapshot for both: a flush moves a row from the hot family to the cold index in one write.
  auto snapshot = scan.store->GetSnapshot();
  auto hot_cursor = scan.store->NewCursor(read->family, read->prefix, snapshot.get());
  if (!hot_cursor.ok()) return Result<RowSet>(hot_cursor.status());
  std::unique_ptr<Walk> hot;
  if (shape.descending && key.type.id == TypeId::kBigInt) {
    hot = std::make_unique<ChunkedDescent>(std::move(*hot_cursor), read->prefix.size(), shape.limit);
  } else {
    hot = std::make_unique<CursorWalk>(std::move(*hot_cursor), shape.descending);
  }
  std::unique_ptr<Walk> cold;  // rarely stepped: flushed keys are mostly older than hot ones
  const std::string cold_family = store::ColdIndexFamily(read->family);
  if (scan.store->HasColumnFamily(cold_family)) {
    auto opened = scan.store->NewCursor(cold_family, read->prefix, snapshot.get());
    if (!opened.ok()) return Result<RowSet>(opened.status());
    cold = std::make_unique<CursorWalk>(std::move(*opened), shape.descending);
  }
  Walk& h = *hot;
  while (static_cast<int64_t>(out.rows.size()) < shape.limit) {
    const bool hot_valid = h.Valid();
    const bool cold_valid = cold && cold->Valid();
    if (!hot_valid && !cold_valid) break;
    int order = 0;  // < 0: the hot key comes first in the walk; > 0: the cold one; 0: the same key
    if (!cold_valid) {
      order = -1;
    } else if (!hot_valid) {
      order = 1;
    } else {
      const int c = h.key().compare(cold->key());
      order = c == 0 ? 0 : (c < 0) != shape.descending ? -1 : 1;
    }
    if (order <= 0) {
      if (!store::ReadDeleted(h.value())) {
        auto cells = read->Cells(h.value());
        if (!cells.ok()) return Result<RowSet>(cells.status());
        out.rows.push_back(std::move(*cells));
        // Over [limits] max_result_rows: the planned path says so.
        if (static_cast<int64_t>(out.rows.size()) > ctx.max_rows) return std::nullopt;
      }
      h.Step();
      if (order == 0) cold->Step();  // the flushed version is older than the hot one
      continue;
    }
    auto entry = store::DecodeColdEntry(cold->value());
    if (!entry.ok()) return Result<RowSet>(entry.status());
    if (!entry->deleted) return std::nullopt;  // a live row in a Parquet file: the planned path reads it
    cold->Step();
  }
  if (Status s = h.status(); !s.ok()) return Result<RowSet>(s);
  if (cold) {
    if (Status s = cold->status(); !s.ok()) return Result<RowSet>(s);
  }
  return Result<RowSet>(std::move(out));
}

}  // namespace kalam::engine::internal
