#include "engine/internal/postgres_number_format.h"

#include <cstddef>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace kalam::engine::internal {
namespace {

enum class Tok { kNine, kZero, kPoint, kGroup, kS, kMI, kPL, kSG, kPR, kTH, kV, kEEEE, kRN, kLiteral };

struct Token {
  Tok kind = Tok::kLiteral;
  std::string text;    // kLiteral: the characters; kTH/kRN: "lower" when written in lower case
};

struct Pattern {
  std::vector<Token> tokens;
  bool fill = false;  // FM
  int int_positions = 0;
  int frac_positions = 0;
  int shift = 0;            // V: digits after it
  int first_zero = -1;      // the first integer position written 0
  bool explicit_sign = false;  // S, MI, SG or PR (no column for the sign before the number)
  bool sign_anchored = false;  // S before the first digit: + or - right before the number
  bool plus_column = false;    // PL
  bool scientific = false;     // EEEE
};

Status PatternError(std::string message) { return Status(ErrorCode::kSyntaxError, std::move(message)); }

bool Upper(char c) { return c >= 'A' && c <= 'Z'; }
char Lower(char c) { return Upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

bool StartsWithWord(std::string_view s, size_t i, std::string_view word) {
  if (s.size() - i < word.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    if (Lower(s[i + k]) != word[k]) return false;
  }
  return true;
}

Result<Pattern> ParsePattern(std::string_view s) {
  Pattern p;
  bool after_point = false;
  bool after_v = false;
  bool seen_s = false;
  auto add = [&p](Tok kind, std::string text = {}) { p.tokens.push_back(Token{kind, std::move(text)}); };
  for (size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == '"') {
      std::string text;
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        text.push_back(s[i]);
      }
      if (i < s.size()) ++i;
      add(Tok::kLiteral, std::move(text));
      continue;
    }
    if (c == '9' || c == '0') {
      if (after_point) {
        ++p.frac_positions;
      } else {
        if (c == '0' && p.first_zero < 0) p.first_zero = p.int_positions;
        ++p.int_positions;
        if (after_v) ++p.shift;
      }
      add(c == '9' ? Tok::kNine : Tok::kZero);
      ++i;
      continue;
    }
    if (c == '.' || c == 'D' || c == 'd') {
      if (after_point) return PatternError("multiple decimal points");
      if (after_v) return PatternError("cannot use \"V\" and decimal point together");
      after_point = true;
      add(Tok::kPoint);
      ++i;
      continue;
    }
    if (c == ',' || c == 'G' || c == 'g') {
      add(Tok::kGroup);
      ++i;
      continue;
    }
    struct Word {
      std::string_view word;
      Tok kind;
    };
    static constexpr Word kWords[] = {{"fm", Tok::kLiteral}, {"sg", Tok::kSG}, {"s", Tok::kS},   {"mi", Tok::kMI},
                                      {"pl", Tok::kPL},      {"pr", Tok::kPR}, {"th", Tok::kTH}, {"v", Tok::kV},
                                      {"eeee", Tok::kEEEE},  {"rn", Tok::kRN}};
    const Word* word = nullptr;
    for (const auto& w : kWords) {
      if (StartsWithWord(s, i, w.word)) {
        word = &w;
        break;
      }
    }
    if (word == nullptr) {
      if (c == 'L' || c == 'l') {
        return Status(ErrorCode::kInvalidParameter, "to_char: the pattern element \"L\" (a currency symbol) is not supported");
      }
      add(Tok::kLiteral, std::string(1, c));
      ++i;
      continue;
    }
    const bool lower = !Upper(c);
    i += word->word.size();
    switch (word->kind) {
      case Tok::kLiteral:  // FM
        p.fill = true;
        continue;
      case Tok::kS:
        if (seen_s) return PatternError("cannot use \"S\" twice");
        seen_s = true;
        p.explicit_sign = true;
        p.sign_anchored = p.int_positions == 0 && !after_point;
        if (p.sign_anchored) continue;  // printed right before the number
        break;
      case Tok::kMI:
      case Tok::kSG:
      case Tok::kPR:
        p.explicit_sign = true;
        break;
      case Tok::kPL:
        p.plus_column = true;
        break;
      case Tok::kV:
        if (after_point) return PatternError("cannot use \"V\" and decimal point together");
        after_v = true;
        break;
      case Tok::kEEEE:
        if (p.scientific) return PatternError("cannot use \"EEEE\" twice");
        p.scientific = true;
        break;
      default:
        break;
    }
    add(word->kind, lower ? "lower" : "");
  }
  if (p.scientific && (p.shift > 0 || p.explicit_sign || p.plus_column)) {
    return PatternError("\"EEEE\" is incompatible with other formats");
  }
  return p;
}

/// A decimal number: `digits` (no leading zeros; empty for zero) with the point after the first
/// `point` of them (negative: zeros in between; beyond the end: zeros to add).
struct Decimal {
  bool negative = false;
  bool finite = true;
  std::string digits;
  int point = 0;
};

Result<Decimal> ParseNumber(std::string_view text) {
  Decimal d;
  size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) d.negative = text[i++] == '-';
  std::string_view rest = text.substr(i);
  if (StartsWithWord(rest, 0, "inf") || StartsWithWord(rest, 0, "nan")) {
    d.finite = false;
    return d;
  }
  bool any = false;
  bool in_fraction = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      any = true;
      if (d.digits.empty() && c == '0') {
        if (in_fraction) --d.point;
        continue;
      }
      d.digits.push_back(c);
      if (!in_fraction) ++d.point;
    } else if (c == '.' && !in_fraction) {
      in_fraction = true;
    } else {
      break;
    }
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    int exponent = 0;
    try {
      exponent = std::stoi(std::string(text.substr(i + 1)));
    } catch (...) {
      any = false;
    }
    if (exponent > 100000000 || exponent < -100000000) {
      return Status(ErrorCode::kNumericValueOutOfRange, "value overflows numeric format");
    }
    d.point += exponent;
    i = text.size();
  }
  while (i < text.size() && text[i] == ' ') ++i;
  if (!any || i != text.size()) {
    return Status(ErrorCode::kInvalidTextRepresentation, fmt::format("invalid input syntax for type numeric: \"{}\"", text));
  }
  if (d.digits.empty()) d.point = 0;
  return d;
}

/// `d` rounded half away from zero to `frac` fraction digits: the integer digits (no leading
/// zeros, empty for 0) and exactly `frac` fraction digits.
std::pair<std::string, std::string> Round(const Decimal& d, int frac) {
  // All digits from 10^(max(point,0)-1) down to 10^-frac.
  const int int_len = d.point > 0 ? d.point : 0;
  std::string all(static_cast<size_t>(int_len + frac), '0');
  for (size_t k = 0; k < d.digits.size(); ++k) {
    const long pos = static_cast<long>(int_len) - d.point + static_cast<long>(k);  // index in `all`
    if (pos >= static_cast<long>(all.size())) {
      if (pos == static_cast<long>(all.size()) && d.digits[k] >= '5') {
        long j = static_cast<long>(all.size()) - 1;
        for (; j >= 0 && all[j] == '9'; --j) all[j] = '0';
        if (j < 0) all.insert(all.begin(), '1'); else ++all[j];
      }
      break;
    }
    if (pos >= 0) all[pos] = d.digits[k];
  }
  std::string integer = all.substr(0, all.size() - frac);
  std::string fraction = all.substr(all.size() - frac);
  const size_t nz = integer.find_first_not_of('0');
  integer = nz == std::string::npos ? "" : integer.substr(nz);
  return {integer, fraction};
}

std::string Roman(long n) {
  static constexpr std::pair<int, const char*> kNumerals[] = {{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"},
                                                              {100, "C"},  {90, "XC"},  {50, "L"},  {40, "XL"},
                                                              {10, "X"},   {9, "IX"},   {5, "V"},   {4, "IV"},
                                                              {1, "I"}};
  std::string out;
  for (const auto& [value, text] : kNumerals) {
    while (n >= value) {
      out += text;
      n -= value;
    }
  }
  return out;
}

std::string Ordinal(const std::string& integer) {
  const int last = integer.empty() ? 0 : integer.back() - '0';
  const int tens = integer.size() >= 2 ? integer[integer.size() - 2] - '0' : 0;
  if (tens == 1) return "th";
  return last == 1 ? "st" : last == 2 ? "nd" : last == 3 ? "rd" : "th";
}

}  // namespace

bool IsNumberPattern(std::string_view pattern) {
  bool quoted = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '9' || c == '0' || StartsWithWord(pattern, i, "rn")) return true;
  }
  return false;
}

Result<std::string> FormatNumber(std::string_view number, std::string_view pattern_text) {
  KALAM_ASSIGN_OR_RETURN(Pattern p, ParsePattern(pattern_text));
  KALAM_ASSIGN_OR_RETURN(Decimal d, ParseNumber(number));
  // Scientific: one digit before the point, the exponent apart.
  int exponent = 0;
  if (p.scientific && d.finite && !d.digits.empty()) {
    exponent = d.point - 1;
    d.point = 1;
  }
  d.point += p.shift;
  // More integer digits than the pattern has places is `#`s whatever the rounding — decided before
  // rounding, which would spell out all of them (the text may say 1e999999999).
  const bool too_wide = d.finite && !d.digits.empty() && d.point > p.int_positions;
  auto [integer, fraction] = d.finite && !too_wide ? Round(d, p.frac_positions) : std::pair<std::string, std::string>{};
  if (p.scientific && integer.size() > 1) {  // 9.995 → 10.00: back to one digit
    ++exponent;
    fraction = integer.substr(1) + fraction;
    fraction.resize(static_cast<size_t>(p.frac_positions));
    integer.resize(1);
  }
  if (integer.empty() && fraction.find_first_not_of('0') == std::string::npos) d.negative = false;  // -0.001 → 0
  const bool overflow = !d.finite || too_wide || static_cast<int>(integer.size()) > p.int_positions;
  // Fraction digits written: FM drops the trailing zeros of 9 positions.
  int frac_kept = p.frac_positions;
  if (p.fill && !overflow) {
    std::vector<Tok> frac_kinds;
    bool after = false;
    for (const auto& t : p.tokens) {
      if (t.kind == Tok::kPoint) after = true;
      if (after && (t.kind == Tok::kNine || t.kind == Tok::kZero)) frac_kinds.push_back(t.kind);
    }
    while (frac_kept > 0 && frac_kinds[frac_kept - 1] == Tok::kNine && fraction[frac_kept - 1] == '0') --frac_kept;
  }
  const bool zero_shown = integer.empty() && (p.frac_positions == 0 || p.scientific || (p.fill && frac_kept == 0));

  std::string out;
  size_t sign_at = std::string::npos;  // where the number starts: the sign column goes there
  bool started = false;
  bool after_point = false;
  int int_index = 0;
  int frac_index = 0;
  auto start = [&] {
    if (!started) sign_at = out.size();
    started = true;
  };
  for (const auto& t : p.tokens) {
    switch (t.kind) {
      case Tok::kNine:
      case Tok::kZero:
        if (after_point) {
          if (frac_index < frac_kept) out.push_back(overflow ? '#' : fraction[frac_index]);
          ++frac_index;
          break;
        }
        {
          const int digit = int_index - (p.int_positions - static_cast<int>(integer.size()));
          if (overflow) {
            start();
            out.push_back('#');
          } else if (digit >= 0) {
            start();
            out.push_back(integer[digit]);
          } else if ((p.first_zero >= 0 && int_index >= p.first_zero) ||
                     (zero_shown && int_index == p.int_positions - 1)) {
            start();
            out.push_back('0');
          } else if (!p.fill) {
            out.push_back(' ');
          }
        }
        ++int_index;
        break;
      case Tok::kPoint:
        start();
        after_point = true;
        out.push_back('.');
        break;
      case Tok::kGroup:
        if (started) out.push_back(',');
        else if (!p.fill) out.push_back(' ');
        break;
      case Tok::kS:
      case Tok::kSG:
        out.push_back(d.negative ? '-' : '+');
        break;
      case Tok::kMI:
        if (d.negative) out.push_back('-');
        else if (!p.fill) out.push_back(' ');
        break;
      case Tok::kPL:
        if (!d.negative) out.push_back('+');
        else if (!p.fill) out.push_back(' ');
        break;
      case Tok::kPR:
        if (d.negative) out.push_back('>');
        else if (!p.fill) out.push_back(' ');
        break;
      case Tok::kTH:
        if (!overflow) {
          std::string suffix = Ordinal(integer);
          if (t.text.empty()) suffix = fmt::format("{}", suffix == "st" ? "ST" : suffix == "nd" ? "ND" : suffix == "rd" ? "RD" : "TH");
          out += suffix;
        }
        break;
      case Tok::kV:
        break;
      case Tok::kEEEE:
        if (overflow) {
          out += "#####";
        } else {
          out += fmt::format("e{}{:02d}", exponent < 0 ? '-' : '+', exponent < 0 ? -exponent : exponent);
        }
        break;
      case Tok::kRN: {
        // The number rounded to an integer, 1 to 3999, right-aligned in 15 columns.
        auto [whole, unused] = d.finite && d.point <= 4 ? Round(d, 0) : std::pair<std::string, std::string>{};
        long n = whole.size() > 4 ? 0 : whole.empty() ? 0 : std::stol(whole);
        std::string roman = (n < 1 || n > 3999 || d.negative) ? std::string(15, '#') : Roman(n);
        if (!t.text.empty()) {
          for (auto& ch : roman) ch = Lower(ch);
        }
        if (!p.fill && roman.size() < 15) out += std::string(15 - roman.size(), ' ');
        out += roman;
        break;
      }
      case Tok::kLiteral:
        out += t.text;
        break;
    }
  }
  // The sign before the number: a column of its own unless S, MI, SG or PR place it.
  const bool has_digits = p.int_positions + p.frac_positions > 0;
  if (has_digits && sign_at != std::string::npos) {
    std::string sign;
    bool pr = false;
    for (const auto& t : p.tokens) pr |= t.kind == Tok::kPR;
    if (pr) {
      sign = d.negative ? "<" : (p.fill ? "" : " ");
    } else if (p.sign_anchored) {
      sign = d.negative ? "-" : "+";
    } else if (!p.explicit_sign) {
      sign = d.negative ? "-" : (p.fill || p.plus_column ? "" : " ");
    }
    out.insert(sign_at, sign);
  }
  return out;
}

}  // namespace kalam::engine::internal
