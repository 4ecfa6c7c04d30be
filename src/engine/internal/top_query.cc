#include "engine/internal/top_query.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "duckdb/parser/expression/between_expression.hpp"
#include "duckdb/parser/expression/comparison_expression.hpp"
#include "duckdb/parser/expression/conjunction_expression.hpp"
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

/// The keys a walk may return (key suffixes, without the partition prefix): from `low` to `high`,
/// each bound included or not; unbounded on a side without one.
struct KeySpan {
  std::optional<std::string> low;
  std::optional<std::string> high;
  bool low_inclusive = true;
  bool high_inclusive = true;
  bool Below(std::string_view k) const { return low && (k < *low || (!low_inclusive && k == *low)); }
  bool Above(std::string_view k) const { return high && (k > *high || (!high_inclusive && k == *high)); }
};

/// A cursor stepped forwards from the span's low bound, or backwards from its high bound (from the
/// first or the last key without one).
class CursorWalk final : public Walk {
 public:
  CursorWalk(std::unique_ptr<store::Cursor> cursor, size_t prefix_size, bool descending, const KeySpan& span)
      : cursor_(std::move(cursor)), descending_(descending) {
    if (!descending_) {
      if (span.low) cursor_->Seek(*span.low);
      return;
    }
    if (!span.high) {
      cursor_->SeekToLast();
      return;
    }
    cursor_->Seek(*span.high);  // the first key at or past the bound: step back from it
    if (!cursor_->Valid()) {
      cursor_->SeekToLast();
    } else if (cursor_->key().substr(prefix_size) > *span.high) {
      cursor_->Prev();
    }
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
  /// `high`: the highest key suffix the walk may start at (a bound; none = the last key).
  ChunkedDescent(std::unique_ptr<store::Cursor> cursor, size_t prefix_size, int64_t wanted,
                 const std::optional<std::string>& high)
      : cursor_(std::move(cursor)), prefix_size_(prefix_size) {
    cursor_->SeekToLast();
    if (!cursor_->Valid()) return;
    top_ = KeyNumber(cursor_->key());
    cursor_->Prev();
    const uint64_t spacing = cursor_->Valid() ? std::max<uint64_t>(1, top_ - KeyNumber(cursor_->key())) : 1;
    if (high) top_ = std::min(top_, SuffixNumber(*high));
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
    return SuffixNumber(key.substr(std::min(prefix_size_, key.size())));
  }
  static uint64_t SuffixNumber(std::string_view suffix) {
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

/// A walk cut to a span: keys before it (in the walk's direction) are skipped, and the walk ends
/// at the first key past it.
class RangedWalk final : public Walk {
 public:
  RangedWalk(std::unique_ptr<Walk> inner, KeySpan span, size_t prefix_size, bool descending)
      : inner_(std::move(inner)), span_(std::move(span)), prefix_size_(prefix_size), descending_(descending) {
    Skip();
  }
  bool Valid() const override {
    return inner_->Valid() && !(descending_ ? span_.Below(Suffix()) : span_.Above(Suffix()));
  }
  std::string_view key() const override { return inner_->key(); }
  std::string_view value() const override { return inner_->value(); }
  void Step() override {
    inner_->Step();
    Skip();
  }
  Status status() const override { return inner_->status(); }

 private:
  std::string_view Suffix() const { return inner_->key().substr(std::min(prefix_size_, inner_->key().size())); }
  void Skip() {
    while (inner_->Valid() && (descending_ ? span_.Above(Suffix()) : span_.Below(Suffix()))) inner_->Step();
  }

  std::unique_ptr<Walk> inner_;
  KeySpan span_;
  size_t prefix_size_;
  bool descending_;
};

/// Whether a bound's column is `column` — or, while `column` is empty, takes it (the first bound
/// names the column every other one must compare).
bool SameColumn(const std::string& name, std::string& column) {
  if (column.empty()) column = name;
  return name == column;
}

/// The bounds on `column` in a WHERE (empty: on the column the first bound compares):
/// comparisons with a constant or parameter, BETWEEN, and AND of those. False for anything else.
bool MatchBounds(const duckdb::ParsedExpression& e, std::string& column, std::vector<KeyBound>& out) {
  using duckdb::ExpressionType;
  switch (e.GetExpressionClass()) {
    case duckdb::ExpressionClass::CONJUNCTION: {
      if (e.GetExpressionType() != ExpressionType::CONJUNCTION_AND) return false;
      for (const auto& child : e.Cast<duckdb::ConjunctionExpression>().children) {
        if (!MatchBounds(*child, column, out)) return false;
      }
      return true;
    }
    case duckdb::ExpressionClass::BETWEEN: {
      const auto& between = e.Cast<duckdb::BetweenExpression>();
      auto name = PlainColumn(*between.input);
      auto low = MatchKeyOperand(*between.lower);
      auto high = MatchKeyOperand(*between.upper);
      if (!name || !SameColumn(*name, column) || !low || !high) return false;
      out.push_back(KeyBound{ExpressionType::COMPARE_GREATERTHANOREQUALTO, std::move(*low)});
      out.push_back(KeyBound{ExpressionType::COMPARE_LESSTHANOREQUALTO, std::move(*high)});
      return true;
    }
    case duckdb::ExpressionClass::COMPARISON: {
      ExpressionType type = e.GetExpressionType();
      const auto& cmp = e.Cast<duckdb::ComparisonExpression>();
      const duckdb::ParsedExpression* col = cmp.left.get();
      const duckdb::ParsedExpression* other = cmp.right.get();
      if (!PlainColumn(*col)) {
        std::swap(col, other);
        type = duckdb::FlipComparisonExpression(type);
      }
      if (type != ExpressionType::COMPARE_LESSTHAN && type != ExpressionType::COMPARE_LESSTHANOREQUALTO &&
          type != ExpressionType::COMPARE_GREATERTHAN && type != ExpressionType::COMPARE_GREATERTHANOREQUALTO) {
        return false;
      }
      auto name = PlainColumn(*col);
      auto operand = MatchKeyOperand(*other);
      if (!name || !SameColumn(*name, column) || !operand) return false;
      out.push_back(KeyBound{type, std::move(*operand)});
      return true;
    }
    default:
      return false;
  }
}

/// The span the bounds allow, with their values as key bytes; nullopt when a value is not of the
/// key's kind (the planned path decides what such a comparison means).
std::optional<KeySpan> SpanOf(const std::vector<KeyBound>& bounds, const DataType& pk, const QueryContext& ctx) {
  KeySpan span;
  for (const KeyBound& bound : bounds) {
    auto bytes = KeyBytesOf(bound.operand, pk, ctx);
    if (!bytes) return std::nullopt;
    const bool lower = bound.op == duckdb::ExpressionType::COMPARE_GREATERTHAN ||
                       bound.op == duckdb::ExpressionType::COMPARE_GREATERTHANOREQUALTO;
    const bool inclusive = bound.op == duckdb::ExpressionType::COMPARE_GREATERTHANOREQUALTO ||
                           bound.op == duckdb::ExpressionType::COMPARE_LESSTHANOREQUALTO;
    auto& edge = lower ? span.low : span.high;
    bool& edge_inclusive = lower ? span.low_inclusive : span.high_inclusive;
    const bool tighter = !edge || (lower ? *bytes > *edge : *bytes < *edge);
    if (tighter) {
      edge = std::move(*bytes);
      edge_inclusive = inclusive;
    } else if (*bytes == *edge) {
      edge_inclusive = edge_inclusive && inclusive;
    }
  }
  return span;
}

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
  TopShape shape;
  if (node.modifiers.empty() && node.where_clause) {
    // Bounds alone: a key range in key order (any order is the planner's to pick; this is its own).
    auto plain = MatchPlainSelect(node);
    if (!plain) return std::nullopt;
    std::vector<KeyBound> bounds;
    // The bound column must be the key (checked when run, as the ORDER BY column is).
    std::string column;
    if (!MatchBounds(*node.where_clause, column, bounds)) return std::nullopt;
    shape.select = std::move(*plain);
    shape.order_column = std::move(column);
    shape.limit = kMaxTopRows;
    shape.unlimited = true;
    shape.bounds = std::move(bounds);
    return shape;
  }
  if (node.modifiers.size() != 2) return std::nullopt;
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
  if (node.where_clause && !MatchBounds(*node.where_clause, shape.order_column, shape.bounds)) return std::nullopt;
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
  auto span = SpanOf(shape.bounds, key.type, ctx);
  if (!span) return std::nullopt;
  RowSet out;
  out.columns = read->columns;
  if (shape.limit == 0 || !scan.store->HasColumnFamily(read->family)) return Result<RowSet>(std::move(out));
  const size_t prefix_size = read->prefix.size();

  // One snapshot for both: a flush moves a row from the hot family to the cold index in one write.
  auto snapshot = scan.store->GetSnapshot();
  auto hot_cursor = scan.store->NewCursor(read->family, read->prefix, snapshot.get());
  if (!hot_cursor.ok()) return Result<RowSet>(hot_cursor.status());
  std::unique_ptr<Walk> hot;
  if (shape.descending && key.type.id == TypeId::kBigInt) {
    hot = std::make_unique<ChunkedDescent>(std::move(*hot_cursor), prefix_size, shape.limit, span->high);
  } else {
    hot = std::make_unique<CursorWalk>(std::move(*hot_cursor), prefix_size, shape.descending, *span);
  }
  const bool bounded = span->low || span->high;
  if (bounded) hot = std::make_unique<RangedWalk>(std::move(hot), *span, prefix_size, shape.descending);
  std::unique_ptr<Walk> cold;  // rarely stepped: flushed keys are mostly older than hot ones
  const std::string cold_family = store::ColdIndexFamily(read->family);
  if (scan.store->HasColumnFamily(cold_family)) {
    auto opened = scan.store->NewCursor(cold_family, read->prefix, snapshot.get());
    if (!opened.ok()) return Result<RowSet>(opened.status());
    cold = std::make_unique<CursorWalk>(std::move(*opened), prefix_size, shape.descending, *span);
    if (bounded) cold = std::make_unique<RangedWalk>(std::move(cold), *span, prefix_size, shape.descending);
  }
  Walk& h = *hot;
  // Unlimited: one row more than the cap tells that there are more (then the planner answers).
  const int64_t wanted = shape.unlimited ? shape.limit + 1 : shape.limit;
  while (static_cast<int64_t>(out.rows.size()) < wanted) {
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
        // Enough: no step past the last row (a chunked walk would read its next chunk).
        if (static_cast<int64_t>(out.rows.size()) == wanted) break;
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
  if (static_cast<int64_t>(out.rows.size()) > shape.limit) return std::nullopt;
  return Result<RowSet>(std::move(out));
}

}  // namespace kalam::engine::internal
