#include "engine/internal/english_stemmer.h"

#include <algorithm>
#include <utility>

namespace kalam::engine::internal {
namespace {

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

bool EndsWith(const std::string& w, std::string_view s) {
  return w.size() >= s.size() && std::string_view(w).substr(w.size() - s.size()) == s;
}

/// The stemmer's state: the word and its regions R1 and R2 (start offsets; the word's length when
/// empty), fixed when the word is first seen as Snowball defines them.
struct Stem {
  std::string w;
  size_t r1 = 0;
  size_t r2 = 0;

  bool InR1(size_t suffix) const { return w.size() >= suffix && w.size() - suffix >= r1; }
  bool InR2(size_t suffix) const { return w.size() >= suffix && w.size() - suffix >= r2; }
  void Replace(size_t suffix, std::string_view with) { w.replace(w.size() - suffix, suffix, with); }

  /// Whether w[0, end) ends in a short syllable: non-vowel, vowel, non-vowel other than w, x, Y;
  /// or, as the whole of it, vowel then non-vowel.
  bool EndsShortSyllable(size_t end) const {
    if (end == 2) return IsVowel(w[0]) && !IsVowel(w[1]);
    if (end < 3) return false;
    const char a = w[end - 3], b = w[end - 2], c = w[end - 1];
    return !IsVowel(a) && IsVowel(b) && !IsVowel(c) && c != 'w' && c != 'x' && c != 'Y';
  }
  bool IsShort() const { return EndsShortSyllable(w.size()) && r1 >= w.size(); }
  bool HasVowelBefore(size_t end) const {
    return std::any_of(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(end), IsVowel);
  }
};

/// The region after the first non-vowel that follows a vowel, from `from`.
size_t RegionAfter(const std::string& w, size_t from) {
  for (size_t i = from + 1; i < w.size(); ++i) {
    if (IsVowel(w[i - 1]) && !IsVowel(w[i])) return i + 1;
  }
  return w.size();
}

/// The longest of `suffixes` (longest first) the word ends with; nullptr when none.
template <size_t N>
const std::pair<std::string_view, std::string_view>* Longest(const std::string& w,
                                                              const std::pair<std::string_view, std::string_view> (&suffixes)[N]) {
  const std::pair<std::string_view, std::string_view>* best = nullptr;
  for (const auto& s : suffixes) {
    if (EndsWith(w, s.first) && (best == nullptr || s.first.size() > best->first.size())) best = &s;
  }
  return best;
}

void Step1a(Stem& s) {
  if (EndsWith(s.w, "sses")) {
    s.Replace(4, "ss");
  } else if (EndsWith(s.w, "ied") || EndsWith(s.w, "ies")) {
    s.Replace(3, s.w.size() > 4 ? "i" : "ie");
  } else if (EndsWith(s.w, "us") || EndsWith(s.w, "ss")) {
    return;
  } else if (EndsWith(s.w, "s") && s.w.size() >= 3 && s.HasVowelBefore(s.w.size() - 2)) {
    s.w.pop_back();
  }
}

void Step1b(Stem& s) {
  static constexpr std::pair<std::string_view, std::string_view> kSuffixes[] = {
      {"eedly", "ee"}, {"ingly", ""}, {"edly", ""}, {"eed", "ee"}, {"ing", ""}, {"ed", ""}};
  const auto* found = Longest(s.w, kSuffixes);
  if (found == nullptr) return;
  const size_t n = found->first.size();
  if (found->second == "ee") {
    if (s.InR1(n)) s.Replace(n, "ee");
    return;
  }
  if (!s.HasVowelBefore(s.w.size() - n)) return;
  s.Replace(n, "");
  if (EndsWith(s.w, "at") || EndsWith(s.w, "bl") || EndsWith(s.w, "iz")) {
    s.w += 'e';
  } else if (s.w.size() >= 2 && s.w.back() == s.w[s.w.size() - 2] &&
             std::string_view("bdfgmnprt").find(s.w.back()) != std::string_view::npos) {
    s.w.pop_back();
  } else if (s.IsShort()) {
    s.w += 'e';
  }
}

void Step1c(Stem& s) {
  const size_t n = s.w.size();
  if (n > 2 && (s.w.back() == 'y' || s.w.back() == 'Y') && !IsVowel(s.w[n - 2])) s.w.back() = 'i';
}

void Step2(Stem& s) {
  static constexpr std::pair<std::string_view, std::string_view> kSuffixes[] = {
      {"ization", "ize"}, {"ational", "ate"}, {"fulness", "ful"}, {"ousness", "ous"}, {"iveness", "ive"},
      {"tional", "tion"}, {"biliti", "ble"},  {"lessli", "less"}, {"entli", "ent"},   {"ation", "ate"},
      {"alism", "al"},    {"aliti", "al"},    {"ousli", "ous"},   {"iviti", "ive"},   {"fulli", "ful"},
      {"enci", "ence"},   {"anci", "ance"},   {"abli", "able"},   {"izer", "ize"},    {"ator", "ate"},
      {"alli", "al"},     {"bli", "ble"},     {"ogi", "og"},      {"li", ""}};
  const auto* found = Longest(s.w, kSuffixes);
  if (found == nullptr || !s.InR1(found->first.size())) return;
  const size_t n = found->first.size();
  const char before = s.w.size() > n ? s.w[s.w.size() - n - 1] : '\0';
  if (found->first == "ogi" && before != 'l') return;
  if (found->first == "li" && std::string_view("cdeghkmnrt").find(before) == std::string_view::npos) return;
  s.Replace(n, found->second);
}

void Step3(Stem& s) {
  static constexpr std::pair<std::string_view, std::string_view> kSuffixes[] = {
      {"ational", "ate"}, {"tional", "tion"}, {"alize", "al"}, {"icate", "ic"}, {"iciti", "ic"},
      {"ative", ""},      {"ical", "ic"},     {"ness", ""},    {"ful", ""}};
  const auto* found = Longest(s.w, kSuffixes);
  if (found == nullptr || !s.InR1(found->first.size())) return;
  if (found->first == "ative" && !s.InR2(found->first.size())) return;
  s.Replace(found->first.size(), found->second);
}

void Step4(Stem& s) {
  static constexpr std::pair<std::string_view, std::string_view> kSuffixes[] = {
      {"ement", ""}, {"ance", ""}, {"ence", ""}, {"able", ""}, {"ible", ""}, {"ment", ""}, {"ant", ""},
      {"ent", ""},   {"ism", ""},  {"ate", ""},  {"iti", ""},  {"ous", ""},  {"ive", ""},  {"ize", ""},
      {"ion", ""},   {"al", ""},   {"er", ""},   {"ic", ""}};
  const auto* found = Longest(s.w, kSuffixes);
  if (found == nullptr || !s.InR2(found->first.size())) return;
  const size_t n = found->first.size();
  if (found->first == "ion") {
    const char before = s.w.size() > n ? s.w[s.w.size() - n - 1] : '\0';
    if (before != 's' && before != 't') return;
  }
  s.Replace(n, "");
}

void Step5(Stem& s) {
  if (EndsWith(s.w, "e")) {
    if (s.InR2(1) || (s.InR1(1) && !s.EndsShortSyllable(s.w.size() - 1))) s.w.pop_back();
  } else if (EndsWith(s.w, "ll") && s.InR2(1)) {
    s.w.pop_back();
  }
}

}  // namespace

std::string StemEnglish(std::string_view word) {
  static constexpr std::pair<std::string_view, std::string_view> kExceptions[] = {
      {"skis", "ski"},     {"skies", "sky"},   {"dying", "die"},   {"lying", "lie"},   {"tying", "tie"},
      {"idly", "idl"},     {"gently", "gentl"}, {"ugly", "ugli"},   {"early", "earli"}, {"only", "onli"},
      {"singly", "singl"}, {"sky", "sky"},     {"news", "news"},   {"howe", "howe"},   {"atlas", "atlas"},
      {"cosmos", "cosmos"}, {"bias", "bias"},  {"andes", "andes"}};
  if (word.size() <= 2 || !std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    return std::string(word);
  }
  for (auto [from, to] : kExceptions) {
    if (word == from) return std::string(to);
  }
  Stem s;
  s.w = std::string(word);
  for (size_t i = 0; i < s.w.size(); ++i) {
    if (s.w[i] == 'y' && (i == 0 || IsVowel(s.w[i - 1]))) s.w[i] = 'Y';
  }
  // R1 after gener-, commun-, arsen- when the word starts so.
  s.r1 = RegionAfter(s.w, 0);
  for (std::string_view prefix : {"gener", "commun", "arsen"}) {
    if (s.w.starts_with(prefix)) s.r1 = prefix.size();
  }
  s.r2 = RegionAfter(s.w, s.r1);
  Step1a(s);
  static constexpr std::string_view kInvariant[] = {"inning",  "outing", "canning", "herring",
                                                    "earring", "proceed", "exceed", "succeed"};
  if (std::find(std::begin(kInvariant), std::end(kInvariant), s.w) != std::end(kInvariant)) return s.w;
  Step1b(s);
  Step1c(s);
  Step2(s);
  Step3(s);
  Step4(s);
  Step5(s);
  std::replace(s.w.begin(), s.w.end(), 'Y', 'y');
  return s.w;
}

bool IsEnglishStopWord(std::string_view word) {
  static constexpr std::string_view kStopWords[] = {
      "a",       "about",  "above",   "after",    "again",  "against", "all",      "am",         "an",     "and",
      "any",     "are",    "as",      "at",       "be",     "because", "been",     "before",     "being",  "below",
      "between", "both",   "but",     "by",       "can",    "did",     "do",       "does",       "doing",  "don",
      "down",    "during", "each",    "few",      "for",    "from",    "further",  "had",        "has",    "have",
      "having",  "he",     "her",     "here",     "hers",   "herself", "him",      "himself",    "his",    "how",
      "i",       "if",     "in",      "into",     "is",     "it",      "its",      "itself",     "just",   "me",
      "more",    "most",   "my",      "myself",   "no",     "nor",     "not",      "now",        "of",     "off",
      "on",      "once",   "only",    "or",       "other",  "our",     "ours",     "ourselves",  "out",    "over",
      "own",     "s",      "same",    "she",      "should", "so",      "some",     "such",       "t",      "than",
      "that",    "the",    "their",   "theirs",   "them",   "themselves", "then",  "there",      "these",  "they",
      "this",    "those",  "through", "to",       "too",    "under",   "until",    "up",         "very",   "was",
      "we",      "were",   "what",    "when",     "where",  "which",   "while",    "who",        "whom",   "why",
      "will",    "with",   "you",     "your",     "yours",  "yourself", "yourselves"};
  return std::find(std::begin(kStopWords), std::end(kStopWords), word) != std::end(kStopWords);
}

}  // namespace kalam::engine::internal
