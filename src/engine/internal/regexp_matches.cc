#include "engine/internal/regexp_matches.h"

#include "engine/internal/expression_walk.h"

#include <functional>
#include <string>

#include "duckdb/parser/expression/columnref_expression.hpp"
#include "duckdb/parser/expression/constant_expression.hpp"
#include "duckdb/parser/parsed_expression_iterator.hpp"
#include "duckdb/parser/parser.hpp"
#include "sql/quote.h"

namespace kalam::engine::internal {
namespace {

constexpr const char* kSubject = "__kalam_subject";

/// Puts `subject` (a copy each time) where the template names kSubject.
void Substitute(duckdb::unique_ptr<duckdb::ParsedExpression>& slot, const duckdb::ParsedExpression& subject) {
  if (slot->GetExpressionClass() == duckdb::ExpressionClass::COLUMN_REF &&
      slot->Cast<duckdb::ColumnRefExpression>().GetColumnName() == kSubject) {
    slot = subject.Copy();
    return;
  }
  duckdb::ParsedExpressionIterator::EnumerateChildren(
      *slot, [&](duckdb::unique_ptr<duckdb::ParsedExpression>& child) { Substitute(child, subject); });
}

}  // namespace

size_t CapturingGroups(std::string_view pattern) {
  size_t groups = 0;
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') ++i;  // `[]…]`: the `]` is a member
    } else if (c == '(' && (i + 1 >= pattern.size() || pattern[i + 1] != '?')) {
      ++groups;
    }
  }
  return groups;
}

duckdb::unique_ptr<duckdb::ParsedExpression> RegexpMatchesList(const duckdb::FunctionExpression& fn) {
  if (fn.children.size() < 2 || fn.children.size() > 3) return nullptr;
  const std::string* pattern = ConstantText(*fn.children[1]);
  const std::string* flags = fn.children.size() == 3 ? ConstantText(*fn.children[2]) : nullptr;
  if (pattern == nullptr || (fn.children.size() == 3 && flags == nullptr)) return nullptr;
  bool global = false;
  std::string options;
  for (char f : flags ? *flags : std::string()) {
    if (f == 'g') {
      global = true;
    } else if (f == 'i') {
      options = "i";
    } else {
      return nullptr;
    }
  }
  auto extract_all = [&](size_t group) {
    return "regexp_extract_all(" + std::string(kSubject) + ", " + sql::QuoteLiteral(*pattern) + ", " +
           std::to_string(group) + (options.empty() ? "" : ", " + sql::QuoteLiteral(options)) + ")";
  };
  const size_t groups = CapturingGroups(*pattern);
  std::string text;
  if (groups == 0) {
    text = "list_transform(" + extract_all(0) + ", __kalam_m -> [__kalam_m])";
  } else {
    std::string lists;
    std::string items;
    for (size_t g = 1; g <= groups; ++g) {
      lists += (g > 1 ? ", " : "") + extract_all(g);
      items += (g > 1 ? ", " : "") + std::string("struct_extract_at(__kalam_z, ") + std::to_string(g) + ")";
    }
    text = "list_transform(list_zip(" + lists + "), __kalam_z -> [" + items + "])";
  }
  if (!global) text = "list_slice(" + text + ", 1, 1)";
  auto parsed = duckdb::Parser::ParseExpressionList(text);
  if (parsed.size() != 1) return nullptr;
  Substitute(parsed[0], *fn.children[0]);
  return std::move(parsed[0]);
}

}  // namespace kalam::engine::internal
