#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace kalam::engine::internal {

/// What PostgreSQL's JSON operators DuckDB's parser cannot read are renamed to before it parses
/// (RewriteBeforeParse): `#>`, `#>>`, `#-`, `?`, `?|`, `?&`. DuckDB parses an operator it does not
/// know into a call of a function of that name, which RegisterJsonbFunctions provides (jsonb_functions.h).
inline constexpr std::pair<std::string_view, std::string_view> kJsonbOperatorNames[] = {
    {"#>>", "~>>"}, {"#>", "~>"}, {"#-", "~-"}, {"?|", "~|"}, {"?&", "~&"}, {"?", "~@"}};

/// `x [NOT] LIKE|ILIKE ANY|SOME|ALL (array)`, which DuckDB's parser refuses ("Unsupported
/// comparison"), reaches it as `x = ANY (marker(array))` (RewriteBeforeParse), the marker naming the
/// operator; RewriteWrittenForms makes that `true = ANY (SELECT x LIKE unnest(array))` —
/// PostgreSQL's meaning, NULLs included.
inline constexpr std::pair<std::string_view, std::string_view> kLikeAnyMarkers[] = {
    {"__kalam_like_any", "~~"},
    {"__kalam_ilike_any", "~~*"},
    {"__kalam_not_like_any", "!~~"},
    {"__kalam_not_ilike_any", "!~~*"}};

/// A statement's text as RewriteBeforeParse hands it to DuckDB's parser, and where characters
/// were added.
struct RewrittenText {
  std::string text;
  std::vector<int> inserted;  // 1-based character positions, in `text`, of the added characters

  /// A position (1-based, in `text`) of an error, as a position in the statement that was sent.
  int Original(int position) const;
  /// `status` with its position, if any, moved back into the statement that was sent.
  Status Original(Status status) const;
};

/// The lexical fixes made to a statement's text before DuckDB's parser reads it, where what
/// PostgreSQL means cannot be recovered from DuckDB's parse tree:
///
/// PostgreSQL binds `->` and `->>` tighter than comparisons, IS, IN, LIKE, NOT, AND and OR; DuckDB's
/// parser binds them looser than all of those (they are its lambda arrow), so `a AND meta->>'k' =
/// 'v'` reads as `((a AND meta) ->> 'k') = 'v'` — an error, or silently other rows (`x AND
/// meta->>'k' IS NOT NULL`). Puts every `operand -> operand` (a column, literal, parameter, call,
/// `(…)`, with `::type` and `[…]` after it) in parentheses, chains left to right, so DuckDB reads
/// what PostgreSQL reads; also `->>-1` becomes `->> -1` (DuckDB lexes `->>-` as one operator). A
/// `->` whose right side is not a key or an index (a literal or a parameter) is left alone: it is
/// DuckDB's lambda (`list_transform(l, x -> x + 1)`).
///
/// The operators DuckDB's parser cannot read at all (`#>`, `#>>`, `#-`, `?`, `?|`, `?&`: it lexes
/// `#` and `?` otherwise) are renamed to operators it parses into calls of functions of those
/// names (kJsonbOperatorNames, jsonb_functions.h), with PostgreSQL's precedence for an operator
/// of its own. A `?` is an operator only between operands
/// (`LIMIT ?`, `= ?` keep DuckDB's positional parameter). A column named `at` (a name PostgreSQL
/// allows, a keyword to DuckDB's parser: `WHERE at > …` was a syntax error) is double-quoted unless
/// `TIME` or `(` follows it. A cast to `float` (`x::float`, `CAST(x AS float)`) is made one to
/// `float8`: PostgreSQL's float is double precision, DuckDB's a 4-byte REAL. A bytea hex literal
/// (`'\x00ff'::bytea`) gets DuckDB's escape per byte; `f(c.*)` becomes `f(c  )` (the whole row).
/// `[NOT] [I]LIKE ANY|SOME|ALL (array)` as kLikeAnyMarkers says.
/// An error's position maps back to the text sent.
/// nullopt when there is nothing to rewrite (or the text does not lex: the engine reports that).
std::optional<RewrittenText> RewriteBeforeParse(std::string_view sql);

}  // namespace kalam::engine::internal
