#include "engine/internal/key_ranges.h"

#include <algorithm>

#include "duckdb/planner/expression/bound_between_expression.hpp"
#include "duckdb/planner/expression/bound_columnref_expression.hpp"
#include "duckdb/planner/expression/bound_comparison_expression.hpp"
#include "duckdb/planner/expression/bound_conjunction_expression.hpp"
#include "duckdb/planner/expression/bound_constant_expression.hpp"
#include "duckdb/planner/expression/bound_operator_expression.hpp"
#include "engine/internal/types.h"
#include "store/row_codec.h"

namespace kalam::engine::internal {
namespace {

/// Reads the filters of one scan against its table's primary key.
class KeyFilters {
 public:
  KeyFilters(const catalog::TableRecord& table, const duckdb::LogicalGet& get)
      : get_(get), pk_(table.PrimaryKeyIndex()), pk_type_(table.columns[pk_].type.id) {}

  void Add(const duckdb::Expression& filter) {
    switch (filter.GetExpressionClass()) {
      case duckdb::ExpressionClass::BOUND_COMPARISON:
        return Comparison(filter.Cast<duckdb::BoundComparisonExpression>());
      case duckdb::ExpressionClass::BOUND_OPERATOR:
        if (filter.GetExpressionType() == duckdb::ExpressionType::COMPARE_IN) {
          return In(filter.Cast<duckdb::BoundOperatorExpression>().children);
        }
        return;
      case duckdb::ExpressionClass::BOUND_CONJUNCTION:
        if (filter.GetExpressionType() == duckdb::ExpressionType::CONJUNCTION_OR) {
          return AnyOf(filter.Cast<duckdb::BoundConjunctionExpression>().children);
        }
        return;
      case duckdb::ExpressionClass::BOUND_BETWEEN: {
        const auto& between = filter.Cast<duckdb::BoundBetweenExpression>();
        if (!IsKey(*between.input) || !Ordered()) return;
        Lower(Bound(*between.lower));
        Upper(Bound(*between.upper));
        return;
      }
      default:
        return;
    }
  }

  std::optional<std::vector<KeyRange>> Ranges() const {
    std::vector<KeyRange> out;
    if (points_) {
      std::vector<std::string> keys = *points_;
      std::sort(keys.begin(), keys.end());
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
      for (auto& k : keys) {
        if ((low_ && k < *low_) || (high_ && k > *high_)) continue;
        out.push_back(KeyRange{k, k});
      }
      return out;
    }
    if (!low_ && !high_) return std::nullopt;
    if (low_ && high_ && *low_ > *high_) return out;
    out.push_back(KeyRange{low_.value_or(""), high_});
    return out;
  }

 private:
  /// Whether key bytes sort as the key values do (ranges can be pushed down).
  bool Ordered() const { return pk_type_ == TypeId::kBigInt || pk_type_ == TypeId::kText; }

  bool IsKey(const duckdb::Expression& e) const {
    if (e.GetExpressionClass() != duckdb::ExpressionClass::BOUND_COLUMN_REF) return false;
    const auto& ref = e.Cast<duckdb::BoundColumnRefExpression>();
    const auto& ids = get_.GetColumnIds();
    return ref.binding.column_index < ids.size() && ids[ref.binding.column_index].GetPrimaryIndex() == pk_;
  }

  /// The key bytes of a constant of the key's type; nullopt for anything else (or NULL).
  std::optional<std::string> Bound(const duckdb::Expression& e) const {
    if (e.GetExpressionClass() != duckdb::ExpressionClass::BOUND_CONSTANT) return std::nullopt;
    const duckdb::Value& v = e.Cast<duckdb::BoundConstantExpression>().value;
    if (v.IsNull()) return std::nullopt;
    if (pk_type_ == TypeId::kBigInt) {
      if (!v.type().IsIntegral()) return std::nullopt;
      Value key = FromDuckValue(v, DataType::Of(TypeId::kBigInt));
      if (!std::holds_alternative<int64_t>(key)) return std::nullopt;
      return store::EncodeKeyPart(key);
    }
    Value key = FromDuckValue(v, DataType::Of(TypeId::kText));
    if (!std::holds_alternative<std::string>(key)) return std::nullopt;
    return store::EncodeKeyPart(key);
  }

  void Comparison(const duckdb::BoundComparisonExpression& cmp) {
    duckdb::ExpressionType type = cmp.GetExpressionType();
    const duckdb::Expression* key = cmp.left.get();
    const duckdb::Expression* constant = cmp.right.get();
    if (!IsKey(*key)) {
      std::swap(key, constant);
      type = duckdb::FlipComparisonExpression(type);
    }
    if (!IsKey(*key)) return;
    std::optional<std::string> bound = Bound(*constant);
    if (!bound) return;
    switch (type) {
      case duckdb::ExpressionType::COMPARE_EQUAL:
        return Points({std::move(*bound)});
      case duckdb::ExpressionType::COMPARE_GREATERTHAN:
      case duckdb::ExpressionType::COMPARE_GREATERTHANOREQUALTO:
        if (Ordered()) Lower(std::move(bound));
        return;
      case duckdb::ExpressionType::COMPARE_LESSTHAN:
      case duckdb::ExpressionType::COMPARE_LESSTHANOREQUALTO:
        if (Ordered()) Upper(std::move(bound));
        return;
      default:
        return;
    }
  }

  /// `pk IN (c, …)`: every child after the first a constant.
  void In(const duckdb::vector<duckdb::unique_ptr<duckdb::Expression>>& children) {
    if (children.size() < 2 || !IsKey(*children[0])) return;
    std::vector<std::string> keys;
    for (size_t i = 1; i < children.size(); ++i) {
      auto bound = Bound(*children[i]);
      if (!bound) return;
      keys.push_back(std::move(*bound));
    }
    Points(std::move(keys));
  }

  /// `pk = a OR pk = b OR …`.
  void AnyOf(const duckdb::vector<duckdb::unique_ptr<duckdb::Expression>>& children) {
    std::vector<std::string> keys;
    for (const auto& child : children) {
      KeyFilters one(*this);
      one.points_.reset();
      one.low_.reset();
      one.high_.reset();
      one.Add(*child);
      if (!one.points_ || one.low_ || one.high_) return;
      keys.insert(keys.end(), one.points_->begin(), one.points_->end());
    }
    Points(std::move(keys));
  }

  /// The first set of points found is kept (any one is a superset of the rows all filters allow).
  void Points(std::vector<std::string> keys) {
    if (!points_) points_ = std::move(keys);
  }
  void Lower(std::optional<std::string> bound) {
    if (bound && (!low_ || *bound > *low_)) low_ = std::move(bound);
  }
  void Upper(std::optional<std::string> bound) {
    if (bound && (!high_ || *bound < *high_)) high_ = std::move(bound);
  }

  const duckdb::LogicalGet& get_;
  size_t pk_;
  TypeId pk_type_;
  std::optional<std::vector<std::string>> points_;
  std::optional<std::string> low_;
  std::optional<std::string> high_;
};

}  // namespace

std::optional<std::vector<KeyRange>> KeyRangesOf(
    const catalog::TableRecord& table, const duckdb::LogicalGet& get,
    const duckdb::vector<duckdb::unique_ptr<duckdb::Expression>>& filters) {
  KeyFilters keys(table, get);
  for (const auto& filter : filters) keys.Add(*filter);
  return keys.Ranges();
}

}  // namespace kalam::engine::internal
