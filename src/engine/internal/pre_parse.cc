#include "engine/internal/pre_parse.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "common/strings.h"
#include "sql/lexer.h"

namespace kalam::engine::internal {
namespace {

using sql::Token;
using sql::TokenType;
using Tokens = std::vector<Token>;

bool IsArrow(const Token& t) { return t.type == TokenType::kOperator && (t.text == "->" || t.text == "->>"); }
bool IsOperator(const Token& t, std::string_view op) { return t.type == TokenType::kOperator && t.text == op; }
bool IsOpener(const Token& t) { return t.IsPunct('(') || t.IsPunct('['); }
bool IsCloser(const Token& t) { return t.IsPunct(')') || t.IsPunct(']'); }
bool IsAtom(const Token& t) {
  return t.type == TokenType::kIdentifier || t.type == TokenType::kString || t.type == TokenType::kNumber ||
         t.type == TokenType::kParameter;
}
size_t EndOf(const Token& t) { return t.offset + t.raw.size(); }

std::optional<size_t> OpenerOf(const Tokens& t, size_t closer) {
  int depth = 0;
  for (size_t i = closer + 1; i-- > 0;) {
    if (IsCloser(t[i])) ++depth;
    if (IsOpener(t[i]) && --depth == 0) return i;
  }
  return std::nullopt;
}

std::optional<size_t> CloserOf(const Tokens& t, size_t opener) {
  int depth = 0;
  for (size_t i = opener; i < t.size() && t[i].type != TokenType::kEnd; ++i) {
    if (IsOpener(t[i])) ++depth;
    if (IsCloser(t[i]) && --depth == 0) return i;
  }
  return std::nullopt;
}

/// Words that are not a function or type name before `(…)` or a string: `x AND (…)->>'k'`,
/// `THEN '{…}'->>'k'`.
bool IsClauseWord(const Token& t) {
  static constexpr std::string_view kWords[] = {
      "AND",   "OR",     "NOT",     "IN",        "IS",   "LIKE",   "ILIKE",    "BETWEEN", "SELECT",
      "WHERE", "ON",     "WHEN",    "THEN",      "ELSE", "CASE",   "FROM",     "JOIN",    "HAVING",
      "BY",    "VALUES", "SET",     "RETURNING", "AS",   "USING",  "DISTINCT", "ALL",     "ANY",
      "SOME",  "EXISTS", "SIMILAR", "TO",        "OVER", "FILTER", "WITHIN",   "ARRAY",   "LIMIT",
      "OFFSET", "FETCH", "ESCAPE",  "INTERVAL"};
  for (auto w : kWords) {
    if (t.IsKeyword(w)) return true;
  }
  return false;
}

/// `a.b.c`, `f(…)`, `schema.f(…)`: the first token of the name ending at `last`.
size_t NameStart(const Tokens& t, size_t last) {
  size_t start = last;
  while (start >= 2 && t[start - 1].IsPunct('.') && t[start - 2].type == TokenType::kIdentifier) start -= 2;
  return start;
}

/// The first token of the operand ending at token `last`: an atom or name, `(…)`, a call, then any
/// `::type` and `[…]`. nullopt when what ends there is not an operand.
std::optional<size_t> LeftOperandStart(const Tokens& t, size_t last) {
  for (int guard = 0; guard < 64; ++guard) {
    size_t start = 0;
    if (t[last].IsPunct(']')) {  // x[…]: the subscripted operand
      auto open = OpenerOf(t, last);
      if (!open || *open == 0) return std::nullopt;
      last = *open - 1;
      continue;
    }
    if (t[last].IsPunct(')')) {
      auto open = OpenerOf(t, last);
      if (!open) return std::nullopt;
      start = *open;
      if (start > 0 && t[start - 1].type == TokenType::kIdentifier && !IsClauseWord(t[start - 1])) {
        start = NameStart(t, start - 1);
      }
    } else if (t[last].type == TokenType::kIdentifier) {
      start = NameStart(t, last);
    } else if (IsAtom(t[last])) {
      start = last;
      // A typed literal: JSON '{…}'.
      if (t[last].type == TokenType::kString && start > 0 && t[start - 1].type == TokenType::kIdentifier &&
          !t[start - 1].quoted && !IsClauseWord(t[start - 1])) {
        --start;
      }
    } else {
      return std::nullopt;
    }
    // x::type: the operand is x's.
    if (start >= 2 && IsOperator(t[start - 1], "::")) {
      last = start - 2;
      continue;
    }
    return start;
  }
  return std::nullopt;
}

/// The last token of the operand starting at token `first` (as LeftOperandStart, plus a negative
/// number).
std::optional<size_t> RightOperandEnd(const Tokens& t, size_t first) {
  size_t end = first;
  if (t[first].IsPunct('(')) {
    auto close = CloserOf(t, first);
    if (!close) return std::nullopt;
    end = *close;
  } else if (IsOperator(t[first], "-") && t[first + 1].type == TokenType::kNumber) {
    end = first + 1;
  } else if (t[first].type == TokenType::kIdentifier) {
    while (t[end + 1].IsPunct('.') && t[end + 2].type == TokenType::kIdentifier) end += 2;
    if (t[end + 1].IsPunct('(')) {
      auto close = CloserOf(t, end + 1);
      if (!close) return std::nullopt;
      end = *close;
    }
  } else if (IsAtom(t[first])) {
    end = first;
  } else {
    return std::nullopt;
  }
  while (true) {  // ::type [(…)] and […] after it
    if (IsOperator(t[end + 1], "::") && t[end + 2].type == TokenType::kIdentifier) {
      end += 2;
      if (t[end + 1].IsPunct('(')) {
        auto close = CloserOf(t, end + 1);
        if (!close) return std::nullopt;
        end = *close;
      }
    } else if (t[end + 1].IsPunct('[')) {
      auto close = CloserOf(t, end + 1);
      if (!close) return std::nullopt;
      end = *close;
    } else {
      return end;
    }
  }
}

/// Inserts `c` at byte `at`, keeping the byte offsets of the characters inserted before right.
void InsertChar(std::string& text, std::vector<size_t>& inserted_bytes, size_t at, char c) {
  text.insert(at, 1, c);
  for (size_t& b : inserted_bytes) {
    if (b >= at) ++b;
  }
  inserted_bytes.push_back(at);
}

/// Wraps the first arrow not yet in parentheses of its own; false when there is none.
bool WrapOne(std::string& text, std::vector<size_t>& inserted_bytes) {
  auto lexed = sql::Lex(text);
  if (!lexed.ok()) return false;
  Tokens t = std::move(*lexed);
  if (t.empty() || t.back().type != TokenType::kEnd) t.push_back(Token{});
  for (size_t i = 1; i + 1 < t.size(); ++i) {
    if (!IsArrow(t[i])) continue;
    // `x -> x + 1` is one of DuckDB's lambdas: a JSON `->` takes a key or an index.
    auto is_key = [](const Token& k) {
      return k.type == TokenType::kString || k.type == TokenType::kNumber || k.type == TokenType::kParameter ||
             IsOperator(k, "-");
    };
    const bool key_like = is_key(t[i + 1]) || (t[i + 1].IsPunct('(') && is_key(t[i + 2]));
    if (t[i].text == "->" && !key_like) continue;
    auto start = LeftOperandStart(t, i - 1);
    auto end = RightOperandEnd(t, i + 1);
    if (!start || !end) continue;
    const bool spaced = IsOperator(t[i + 1], "-") && t[i + 1].offset == EndOf(t[i]);
    const bool wrapped = *start > 0 && t[*start - 1].IsPunct('(') && CloserOf(t, *start - 1) == *end + 1;
    if (wrapped && !spaced) continue;
    // Inserted back to front, so earlier offsets stay right.
    std::vector<std::pair<size_t, char>> inserts;
    if (!wrapped) inserts.emplace_back(EndOf(t[*end]), ')');
    if (spaced) inserts.emplace_back(EndOf(t[i]), ' ');
    if (!wrapped) inserts.emplace_back(t[*start].offset, '(');
    for (auto [at, c] : inserts) InsertChar(text, inserted_bytes, at, c);
    return true;
  }
  return false;
}

/// Whether the token ends an operand, so that an operator may follow: `meta ? 'k'`, `f(x) ? 'k'`.
bool EndsOperand(const Token& t) {
  if (t.IsPunct(')') || t.IsPunct(']')) return true;
  if (t.type == TokenType::kIdentifier) return t.quoted || !IsClauseWord(t);
  return IsAtom(t);
}

/// Whether the token starts an operand (what a JSON `?`'s key is): `'k'`, `$1`, `(…)`, a name, a number.
/// DuckDB's own `?` parameter is followed by none of these (`LIMIT ? OFFSET ?`, `IN (?, ?)`).
bool StartsOperand(const Token& t) {
  if (t.type == TokenType::kIdentifier) return t.quoted || !IsClauseWord(t);
  return IsAtom(t) || t.IsPunct('(');
}

/// Whether an unquoted `at` is a name: PostgreSQL lets a column be called `at` (a non-reserved
/// word there), DuckDB's parser reads it as the AT of `AT TIME ZONE` or of `FROM t AT (…)`.
bool IsAtName(const Token& t, const Token& next) {
  return t.type == TokenType::kIdentifier && !t.quoted && t.text == "at" && !next.IsKeyword("TIME") && !next.IsPunct('(');
}

/// Whether token `i` is the type of a cast: after `::`, or after the AS of `CAST(` / `TRY_CAST(`.
bool IsCastType(const Tokens& t, size_t i) {
  if (IsOperator(t[i - 1], "::")) return true;
  if (!t[i - 1].IsKeyword("AS")) return false;
  int depth = 0;
  for (size_t j = i - 1; j-- > 0;) {
    if (IsCloser(t[j])) ++depth;
    if (IsOpener(t[j]) && depth-- == 0) return j > 0 && (t[j - 1].IsKeyword("CAST") || t[j - 1].IsKeyword("TRY_CAST"));
  }
  return false;
}

/// Whether token `i` is PostgreSQL's `float` in a cast, which means double precision (DuckDB: REAL).
bool IsFloatCast(const Tokens& t, size_t i) {
  return t[i].type == TokenType::kIdentifier && !t[i].quoted && t[i].text == "float" && !t[i + 1].IsPunct('(') &&
         IsCastType(t, i);
}

/// Whether token `i` is a plain string literal in PostgreSQL's bytea hex format (`'\x00ff'`) cast
/// to bytea (`'…'::bytea`, `CAST('…' AS bytea)`): DuckDB reads `\x00` as one escaped byte and
/// `ff` as two characters.
bool IsByteaHexLiteral(const Tokens& t, size_t i) {
  if (t[i].type != TokenType::kString || t[i].raw.size() < 4 || t[i].raw.rfind("'\\x", 0) != 0) return false;
  if (i + 2 >= t.size() || !(t[i + 2].IsKeyword("BYTEA") || t[i + 2].IsKeyword("BLOB"))) return false;
  if (!IsOperator(t[i + 1], "::") && !IsCastType(t, i + 2)) return false;
  const std::string_view hex = std::string_view(t[i].raw).substr(3, t[i].raw.size() - 4);
  if (hex.size() % 2 != 0) return false;
  for (char c : hex) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

/// One change of RenameOperators: `erase` bytes at `at` become `with`, of which the characters at
/// `inserted` (offsets into `with`) are new — an error position there maps back before them.
struct Edit {
  size_t at = 0;
  size_t erase = 0;
  std::string with;
  std::vector<size_t> inserted;
};

/// '\x0011' → '\x00\x11': `\x` before every byte after the first.
Edit ExpandByteaHex(const Token& literal) {
  const std::string_view hex = std::string_view(literal.raw).substr(3, literal.raw.size() - 4);
  Edit e{literal.offset, literal.raw.size(), "'\\x", {}};
  e.with.reserve(literal.raw.size() + hex.size());
  for (size_t k = 0; k < hex.size(); k += 2) {
    if (k > 0) {
      e.inserted.push_back(e.with.size());
      e.inserted.push_back(e.with.size() + 1);
      e.with += "\\x";
    }
    e.with.append(hex.substr(k, 2));
  }
  e.with.push_back('\'');
  return e;
}

/// `f(c.*)`: PostgreSQL's whole row `c` as the one argument. DuckDB's parser reads a star there as
/// `count(*)`'s and drops it (`to_jsonb(c.*)` became `to_json()`); `.*` is blanked out, which keeps
/// every position, leaving `f(c  )`.
bool IsRowStarArgument(const Tokens& t, size_t i) {
  return i >= 2 && i + 3 < t.size() && t[i].type == TokenType::kIdentifier && t[i - 1].IsPunct('(') &&
         t[i - 2].type == TokenType::kIdentifier && t[i + 1].IsPunct('.') && IsOperator(t[i + 2], "*") &&
         t[i + 2].offset == t[i + 1].offset + 1 && t[i + 3].IsPunct(')');
}

/// At `t[i]`, `[NOT] LIKE|ILIKE ANY|SOME|ALL (` before an array (not a subquery): the edits making
/// it `= ANY (marker(` (kLikeAnyMarkers; the operator's words blanked out, which keeps every
/// position), and the index of the `)` that gets the marker's closing parenthesis.
std::optional<std::pair<std::vector<Edit>, size_t>> LikeAnyAt(const Tokens& t, size_t i) {
  const bool negated = t[i].IsKeyword("NOT");
  const size_t op = negated ? i + 1 : i;
  if (op + 3 >= t.size() || !(t[op].IsKeyword("LIKE") || t[op].IsKeyword("ILIKE"))) return std::nullopt;
  if (!negated && t[i - 1].IsKeyword("NOT")) return std::nullopt;  // made at the NOT
  if (!(t[op + 1].IsKeyword("ANY") || t[op + 1].IsKeyword("SOME") || t[op + 1].IsKeyword("ALL")) ||
      !t[op + 2].IsPunct('(')) {
    return std::nullopt;
  }
  const Token& first = t[op + 3];
  if (first.IsKeyword("SELECT") || first.IsKeyword("WITH") || first.IsKeyword("VALUES") || first.IsPunct('(')) {
    return std::nullopt;
  }
  auto closer = CloserOf(t, op + 2);
  if (!closer) return std::nullopt;
  const bool ilike = t[op].IsKeyword("ILIKE");
  const std::string_view marker = kLikeAnyMarkers[(negated ? 2 : 0) + (ilike ? 1 : 0)].first;
  const size_t words = EndOf(t[op]) - t[i].offset;
  Edit blank{t[i].offset, words, "=" + std::string(words - 1, ' '), {}};
  Edit open{EndOf(t[op + 2]), 0, std::string(marker) + "(", {}};
  for (size_t k = 0; k < open.with.size(); ++k) open.inserted.push_back(k);
  std::vector<Edit> edits;
  edits.push_back(std::move(blank));
  edits.push_back(std::move(open));
  return std::make_pair(std::move(edits), *closer);
}

/// The edit a token needs, if any (`t[i - 1]` and `t[i + 1]` exist).
std::optional<Edit> EditOf(const Tokens& t, size_t i) {
  if (IsRowStarArgument(t, i)) return Edit{t[i + 1].offset, 2, "  ", {}};
  if (IsByteaHexLiteral(t, i)) return ExpandByteaHex(t[i]);
  if (IsFloatCast(t, i)) return Edit{t[i].offset + t[i].raw.size(), 0, "8", {0}};
  if (IsAtName(t[i], t[i + 1])) return Edit{t[i].offset, t[i].raw.size(), "\"" + t[i].raw + "\"", {0, t[i].raw.size() + 1}};
  if (t[i].type != TokenType::kOperator) return std::nullopt;
  for (auto [postgres, duck] : kJsonbOperatorNames) {
    if (t[i].text != postgres) continue;
    if (postgres == "?" && !(EndsOperand(t[i - 1]) && StartsOperand(t[i + 1]))) break;  // DuckDB's own `?`
    // A longer name: its extra characters count as inserted.
    Edit e{t[i].offset, postgres.size(), std::string(duck), {}};
    for (size_t extra = postgres.size(); extra < duck.size(); ++extra) e.inserted.push_back(extra);
    return e;
  }
  return std::nullopt;
}

/// Renames the operators DuckDB cannot lex (kJsonbOperatorNames), quotes `at` used as a name,
/// makes a cast's `float` `float8` and bytea hex literals DuckDB's `\xHH` per byte — all in one
/// pass over the text (a statement may be megabytes long), recording the inserted bytes.
void RenameOperators(std::string& text, std::vector<size_t>& inserted_bytes) {
  auto lexed = sql::Lex(text);
  if (!lexed.ok()) return;
  Tokens t = std::move(*lexed);
  if (t.empty() || t.back().type != TokenType::kEnd) t.push_back(Token{});
  std::vector<Edit> edits;
  std::vector<size_t> closers;  // of LikeAnyAt's markers, innermost last
  for (size_t i = 1; i + 1 < t.size(); ++i) {
    if (!closers.empty() && closers.back() == i) {
      edits.push_back(Edit{t[i].offset, 0, ")", {0}});
      closers.pop_back();
      continue;
    }
    if (auto like = LikeAnyAt(t, i)) {
      for (Edit& e : like->first) edits.push_back(std::move(e));
      closers.push_back(like->second);
      continue;
    }
    if (auto e = EditOf(t, i)) edits.push_back(std::move(*e));
  }
  if (edits.empty()) return;
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  size_t copied = 0;
  for (const Edit& e : edits) {
    out.append(text, copied, e.at - copied);
    for (size_t k : e.inserted) inserted_bytes.push_back(out.size() + k);
    out += e.with;
    copied = e.at + e.erase;
  }
  out.append(text, copied, std::string::npos);
  text = std::move(out);
}

/// Whether the text holds `word` (lower case; the text in any case) as a word of its own: `at`,
/// which RenameOperators may have to quote, or `float`.
bool HasWord(std::string_view sql, std::string_view word) {
  auto part_of_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (size_t i = 0; i + word.size() <= sql.size(); ++i) {
    bool same = true;
    for (size_t k = 0; k < word.size() && same; ++k) same = (sql[i + k] | 0x20) == word[k];
    if (!same) continue;
    const bool starts = i == 0 || !part_of_word(sql[i - 1]);
    const bool ends = i + word.size() >= sql.size() || !part_of_word(sql[i + word.size()]);
    if (starts && ends) return true;
  }
  return false;
}

}  // namespace

int RewrittenText::Original(int position) const {
  int before = 0;
  for (int p : inserted) before += p < position ? 1 : 0;
  return std::max(1, position - before);
}

Status RewrittenText::Original(Status status) const {
  if (status.ok() || !status.position()) return status;
  return status.WithPosition(Original(*status.position()));
}

std::optional<RewrittenText> RewriteBeforeParse(std::string_view sql) {
  if (sql.find_first_of("#?") == std::string_view::npos && sql.find("->") == std::string_view::npos &&
      !HasWord(sql, "at") && !HasWord(sql, "float") && sql.find("\\x") == std::string_view::npos &&
      sql.find("\\X") == std::string_view::npos && sql.find(".*)") == std::string_view::npos &&
      !(HasWord(sql, "any") || HasWord(sql, "all") || HasWord(sql, "some"))) {
    return std::nullopt;
  }
  RewrittenText out{std::string(sql), {}};
  std::vector<size_t> inserted_bytes;
  RenameOperators(out.text, inserted_bytes);
  for (int guard = 0; guard < 256 && WrapOne(out.text, inserted_bytes); ++guard) {
  }
  if (inserted_bytes.empty() && out.text == sql) return std::nullopt;
  // Byte offsets → character positions in one walk over the text (a position per call would be
  // quadratic in a long statement with many insertions).
  std::sort(inserted_bytes.begin(), inserted_bytes.end());
  int chars = 0;
  size_t byte = 0;
  for (size_t b : inserted_bytes) {
    for (; byte < b && byte < out.text.size(); ++byte) {
      chars += (static_cast<unsigned char>(out.text[byte]) & 0xC0) != 0x80 ? 1 : 0;
    }
    out.inserted.push_back(chars + 1);
  }
  return out;
}

}  // namespace kalam::engine::internal
