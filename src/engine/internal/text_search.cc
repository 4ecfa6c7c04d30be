#include "engine/internal/text_search.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <utility>

#include "common/strings.h"
#include "engine/internal/english_stemmer.h"

namespace kalam::engine::internal::text_search {
namespace {

using Kind = TsQuery::Kind;

bool IsWordChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || u >= 0x80;
}

/// The words of a text, lower-cased, in order.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size();) {
    if (!IsWordChar(text[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && IsWordChar(text[end])) ++end;
    out.push_back(ToLowerAscii(text.substr(i, end - i)));
    i = end;
  }
  return out;
}

/// A word's lexeme under `config`; nullopt for a stop word.
std::optional<std::string> Normalize(Config config, const std::string& word) {
  if (config == Config::kSimple) return word;
  if (IsEnglishStopWord(word)) return std::nullopt;
  return StemEnglish(word);
}

/// Lexemes of a text with their positions (stop words counted, not kept).
std::vector<std::pair<std::string, int>> Lexemes(Config config, std::string_view text) {
  std::vector<std::pair<std::string, int>> out;
  int position = 0;
  for (const std::string& w : Words(text)) {
    ++position;
    if (auto lexeme = Normalize(config, w)) out.emplace_back(std::move(*lexeme), position);
  }
  return out;
}

std::string Quote(const std::string& lexeme) {
  std::string out = "'";
  for (char c : lexeme) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  return out + "'";
}

Status TsQuerySyntax(std::string_view text) {
  return Status(ErrorCode::kSyntaxError, "syntax error in tsquery: \"" + std::string(text) + "\"");
}

/// Builds query trees; -1 is the empty query, which an operator drops.
struct Builder {
  TsQuery q;

  int Term(std::string lexeme, bool prefix) {
    TsQuery::Node n;
    n.lexeme = std::move(lexeme);
    n.prefix = prefix;
    q.nodes.push_back(std::move(n));
    return static_cast<int>(q.nodes.size()) - 1;
  }
  int Op(Kind kind, int left, int right, int distance = 1) {
    if (kind == Kind::kNot) {
      if (left < 0) return -1;
    } else if (left < 0 || right < 0) {
      return left < 0 ? right : left;
    }
    TsQuery::Node n;
    n.kind = kind;
    n.left = left;
    n.right = right;
    n.distance = distance;
    q.nodes.push_back(std::move(n));
    return static_cast<int>(q.nodes.size()) - 1;
  }
  /// The lexemes of a text as one operand: a term, or a phrase of several, N apart as they stand.
  int Phrase(const std::vector<std::pair<std::string, int>>& lexemes, bool prefix) {
    int node = -1;
    int last = 0;
    for (const auto& [lexeme, position] : lexemes) {
      const int term = Term(lexeme, prefix);
      node = node < 0 ? term : Op(Kind::kPhrase, node, term, position - last);
      last = position;
    }
    return node;
  }
  TsQuery Done(int root) {
    q.root = root;
    return std::move(q);
  }
};

/// to_tsquery's grammar (ParseTsQuery's too, without normalizing operands).
class QueryParser {
 public:
  QueryParser(std::string_view text, std::optional<Config> config) : text_(text), config_(config) {}

  Result<TsQuery> Parse() {
    KALAM_ASSIGN_OR_RETURN(int root, Or());
    Skip();
    if (pos_ != text_.size()) return TsQuerySyntax(text_);
    return b_.Done(root);
  }

 private:
  void Skip() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool Accept(char c) {
    Skip();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  Result<int> Or() { return Chain('|', Kind::kOr, &QueryParser::And); }
  Result<int> And() { return Chain('&', Kind::kAnd, &QueryParser::PhraseOp); }

  /// `next (op next)*`, left to right.
  Result<int> Chain(char op, Kind kind, Result<int> (QueryParser::*next)()) {
    KALAM_ASSIGN_OR_RETURN(int left, (this->*next)());
    while (Accept(op)) {
      KALAM_ASSIGN_OR_RETURN(int right, (this->*next)());
      left = b_.Op(kind, left, right);
    }
    return left;
  }
  /// `<->` or `<N>`: the distance, else nullopt (nothing consumed).
  std::optional<int> Distance() {
    Skip();
    if (pos_ >= text_.size() || text_[pos_] != '<') return std::nullopt;
    size_t p = pos_ + 1;
    int distance = 0;
    if (p < text_.size() && text_[p] == '-') {
      distance = 1;
      ++p;
    } else {
      const size_t start = p;
      while (p < text_.size() && text_[p] >= '0' && text_[p] <= '9' && distance < 16384) distance = distance * 10 + (text_[p++] - '0');
      if (p == start) return std::nullopt;
    }
    if (p >= text_.size() || text_[p] != '>') return std::nullopt;
    pos_ = p + 1;
    return distance;
  }
  Result<int> PhraseOp() {
    KALAM_ASSIGN_OR_RETURN(int left, Unary());
    while (auto distance = Distance()) {
      KALAM_ASSIGN_OR_RETURN(int right, Unary());
      left = b_.Op(Kind::kPhrase, left, right, *distance);
    }
    return left;
  }
  Result<int> Unary() {
    if (Accept('!')) {
      KALAM_ASSIGN_OR_RETURN(int operand, Unary());
      return b_.Op(Kind::kNot, operand, -1);
    }
    if (Accept('(')) {
      KALAM_ASSIGN_OR_RETURN(int inner, Or());
      if (!Accept(')')) return TsQuerySyntax(text_);
      return inner;
    }
    return Operand();
  }
  Result<int> Operand() {
    Skip();
    std::string word;
    if (pos_ < text_.size() && text_[pos_] == '\'') {
      ++pos_;
      while (true) {
        if (pos_ >= text_.size()) return TsQuerySyntax(text_);
        if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
          word += text_[pos_ + 1];
          pos_ += 2;
        } else if (text_[pos_] == '\'') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '\'') {
            word += '\'';
            pos_ += 2;
          } else {
            ++pos_;
            break;
          }
        } else {
          word += text_[pos_++];
        }
      }
    } else {
      while (pos_ < text_.size() && std::string_view(" \t\n\r()&|!<:'").find(text_[pos_]) == std::string_view::npos) {
        word += text_[pos_++];
      }
      if (word.empty()) return TsQuerySyntax(text_);
    }
    bool prefix = false;
    if (pos_ < text_.size() && text_[pos_] == ':') {  // `:*` and weights (A-D, which are ignored)
      ++pos_;
      while (pos_ < text_.size() && std::string_view("*ABCDabcd").find(text_[pos_]) != std::string_view::npos) {
        prefix = prefix || text_[pos_] == '*';
        ++pos_;
      }
    }
    if (!config_) return b_.Term(word, prefix);
    return b_.Phrase(Lexemes(*config_, word), prefix);
  }

  std::string_view text_;
  std::optional<Config> config_;
  size_t pos_ = 0;
  Builder b_;
};

int Priority(const TsQuery::Node& n) {
  switch (n.kind) {
    case Kind::kOr:
      return 1;
    case Kind::kAnd:
      return 2;
    case Kind::kPhrase:
      return 3;
    case Kind::kNot:
      return 4;
    case Kind::kTerm:
      return 5;
  }
  return 5;
}

std::string Print(const TsQuery& q, int node, int parent_priority) {
  const TsQuery::Node& n = q.nodes[node];
  std::string out;
  switch (n.kind) {
    case Kind::kTerm:
      return Quote(n.lexeme) + (n.prefix ? ":*" : "");
    case Kind::kNot: {
      const std::string inner = Print(q, n.left, 0);
      out = q.nodes[n.left].kind == Kind::kTerm || q.nodes[n.left].kind == Kind::kNot ? "!" + inner : "!( " + inner + " )";
      return out;
    }
    default:
      break;
  }
  const char* op = n.kind == Kind::kOr ? " | " : n.kind == Kind::kAnd ? " & " : nullptr;
  const std::string mid = op ? op : (n.distance == 1 ? std::string(" <-> ") : " <" + std::to_string(n.distance) + "> ");
  out = Print(q, n.left, Priority(n)) + mid + Print(q, n.right, Priority(n));
  return Priority(n) < parent_priority ? "( " + out + " )" : out;
}

/// The positions of the document where `node` matches (the last word's, for a phrase).
std::vector<int> Positions(const TsVector& v, const TsQuery& q, int node) {
  const TsQuery::Node& n = q.nodes[node];
  std::vector<int> out;
  switch (n.kind) {
    case Kind::kTerm:
      if (n.prefix) {
        for (auto it = v.lower_bound(n.lexeme); it != v.end() && it->first.starts_with(n.lexeme); ++it) {
          out.insert(out.end(), it->second.begin(), it->second.end());
        }
        std::sort(out.begin(), out.end());
      } else if (auto it = v.find(n.lexeme); it != v.end()) {
        out = it->second;
      }
      return out;
    case Kind::kPhrase: {
      const std::vector<int> left = Positions(v, q, n.left);
      for (int p : Positions(v, q, n.right)) {
        if (std::binary_search(left.begin(), left.end(), p - n.distance)) out.push_back(p);
      }
      return out;
    }
    case Kind::kOr:
    case Kind::kAnd: {
      const std::vector<int> left = Positions(v, q, n.left);
      const std::vector<int> right = Positions(v, q, n.right);
      if (n.kind == Kind::kOr) {
        std::set_union(left.begin(), left.end(), right.begin(), right.end(), std::back_inserter(out));
      } else {
        std::set_intersection(left.begin(), left.end(), right.begin(), right.end(), std::back_inserter(out));
      }
      return out;
    }
    case Kind::kNot:
      return out;
  }
  return out;
}

bool Eval(const TsVector& v, const TsQuery& q, int node) {
  const TsQuery::Node& n = q.nodes[node];
  switch (n.kind) {
    case Kind::kNot:
      return !Eval(v, q, n.left);
    case Kind::kAnd:
      return Eval(v, q, n.left) && Eval(v, q, n.right);
    case Kind::kOr:
      return Eval(v, q, n.left) || Eval(v, q, n.right);
    default:
      return !Positions(v, q, node).empty();
  }
}

double WordDistance(int w) {
  if (w > 100) return 1e-30;
  return 1.0 / (1.005 + 0.05 * std::exp(static_cast<double>(w) / 1.5 - 2));
}

}  // namespace

Result<Config> ParseConfig(std::string_view name) {
  std::string lower = ToLowerAscii(name);
  if (lower.starts_with("pg_catalog.")) lower.erase(0, 11);
  if (lower == "english") return Config::kEnglish;
  if (lower == "simple") return Config::kSimple;
  return Status(ErrorCode::kInvalidParameter, "text search configuration \"" + std::string(name) + "\" does not exist");
}

TsVector ToTsVector(Config config, std::string_view text) {
  TsVector v;
  for (auto& [lexeme, position] : Lexemes(config, text)) v[lexeme].push_back(position);
  return v;
}

std::string ToText(const TsVector& v) {
  std::string out;
  for (const auto& [lexeme, positions] : v) {
    if (!out.empty()) out += ' ';
    out += Quote(lexeme);
    for (size_t i = 0; i < positions.size(); ++i) out += (i == 0 ? ":" : ",") + std::to_string(positions[i]);
  }
  return out;
}

Result<TsVector> ParseTsVector(std::string_view text) {
  TsVector v;
  size_t pos = 0;
  auto bad = [&] { return Status(ErrorCode::kSyntaxError, "syntax error in tsvector: \"" + std::string(text) + "\""); };
  while (true) {
    while (pos < text.size() && text[pos] == ' ') ++pos;
    if (pos >= text.size()) break;
    std::string lexeme;
    if (text[pos] == '\'') {
      ++pos;
      while (true) {
        if (pos >= text.size()) return bad();
        if ((text[pos] == '\'' || text[pos] == '\\') && pos + 1 < text.size() && text[pos + 1] == text[pos]) {
          lexeme += text[pos];
          pos += 2;
        } else if (text[pos] == '\'') {
          ++pos;
          break;
        } else {
          lexeme += text[pos++];
        }
      }
    } else {
      while (pos < text.size() && text[pos] != ' ' && text[pos] != ':') lexeme += text[pos++];
    }
    std::vector<int>& positions = v[lexeme];
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      while (true) {
        int p = 0;
        const size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && p < 16384) p = p * 10 + (text[pos++] - '0');
        if (pos == start) return bad();
        while (pos < text.size() && std::string_view("ABCDabcd").find(text[pos]) != std::string_view::npos) ++pos;
        positions.push_back(p);
        if (pos >= text.size() || text[pos] != ',') break;
        ++pos;
      }
      std::sort(positions.begin(), positions.end());
    }
  }
  return v;
}

Result<TsQuery> ToTsQuery(Config config, std::string_view text) { return QueryParser(text, config).Parse(); }

Result<TsQuery> ParseTsQuery(std::string_view text) { return QueryParser(text, std::nullopt).Parse(); }

TsQuery PlainToTsQuery(Config config, std::string_view text) {
  Builder b;
  int root = -1;
  for (auto& [lexeme, position] : Lexemes(config, text)) root = b.Op(Kind::kAnd, root, b.Term(lexeme, false));
  return b.Done(root);
}

TsQuery PhraseToTsQuery(Config config, std::string_view text) {
  Builder b;
  const int root = b.Phrase(Lexemes(config, text), false);
  return b.Done(root);
}

TsQuery WebSearchToTsQuery(Config config, std::string_view text) {
  Builder b;
  int query = -1;  // the OR of the groups so far
  int group = -1;  // the AND of the current group
  bool negate = false;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '"') {
      const size_t close = text.find('"', i + 1);
      const size_t end = close == std::string_view::npos ? text.size() : close;
      int phrase = b.Phrase(Lexemes(config, text.substr(i + 1, end - i - 1)), false);
      if (negate) phrase = b.Op(Kind::kNot, phrase, -1);
      group = b.Op(Kind::kAnd, group, phrase);
      negate = false;
      i = end + 1;
    } else if (c == '-' && (i == 0 || !IsWordChar(text[i - 1]))) {
      negate = true;
      ++i;
    } else if (IsWordChar(c)) {
      size_t end = i;
      while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) && text[end] != '"') ++end;
      const std::string_view word = text.substr(i, end - i);
      if (EqualsIgnoreCase(word, "or") && group >= 0) {
        query = b.Op(Kind::kOr, query, group);
        group = -1;
      } else {
        int operand = b.Phrase(Lexemes(config, word), false);
        if (negate) operand = b.Op(Kind::kNot, operand, -1);
        group = b.Op(Kind::kAnd, group, operand);
      }
      negate = false;
      i = end;
    } else {
      negate = false;
      ++i;
    }
  }
  return b.Done(b.Op(Kind::kOr, query, group));
}

std::string ToText(const TsQuery& q) { return q.root < 0 ? "" : Print(q, q.root, 0); }

bool Matches(const TsVector& v, const TsQuery& q) { return q.root >= 0 && Eval(v, q, q.root); }

float Rank(const TsVector& v, const TsQuery& q) {
  if (q.root < 0) return 0.0F;
  // The query's distinct lexemes and their positions in the document.
  std::map<std::pair<std::string, bool>, std::vector<int>> items;
  for (int i = 0; i < static_cast<int>(q.nodes.size()); ++i) {
    const TsQuery::Node& n = q.nodes[i];
    if (n.kind == Kind::kTerm) items.emplace(std::make_pair(n.lexeme, n.prefix), Positions(v, q, i));
  }
  constexpr double kWeight = 0.1;  // PostgreSQL's weight of a position without a weight (D)
  const Kind top = q.nodes[q.root].kind;
  double res = -1.0;
  if ((top == Kind::kAnd || top == Kind::kPhrase) && items.size() >= 2) {
    std::vector<const std::vector<int>*> seen;
    for (const auto& [key, positions] : items) {
      if (positions.empty()) continue;
      for (const std::vector<int>* other : seen) {
        for (int l : positions) {
          for (int p : *other) {
            int dist = std::abs(l - p);
            if (dist == 0) continue;
            const double curw = std::sqrt(kWeight * kWeight * WordDistance(dist));
            res = res < 0 ? curw : 1.0 - (1.0 - res) * (1.0 - curw);
          }
        }
      }
      seen.push_back(&positions);
    }
  } else {
    res = 0.0;
    for (const auto& [key, positions] : items) {
      if (positions.empty()) continue;
      double resj = 0.0;
      for (size_t j = 0; j < positions.size(); ++j) resj += kWeight / static_cast<double>((j + 1) * (j + 1));
      res += (kWeight + resj - kWeight) / 1.64493406685;
    }
    res /= static_cast<double>(items.size());
  }
  return res < 0 ? 1e-20F : static_cast<float>(res);
}

}  // namespace kalam::engine::internal::text_search
