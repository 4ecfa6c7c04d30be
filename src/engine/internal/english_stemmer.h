#pragma once

#include <string>
#include <string_view>

namespace kalam::engine::internal {

/// The Snowball English ("Porter2") stemmer, which PostgreSQL's `english` text-search
/// configuration uses: `foxes` → `fox`, `running` → `run`, `generously` → `generous`. `word` is
/// lower-case; words with characters other than ASCII letters are returned as they are.
std::string StemEnglish(std::string_view word);

/// Whether `word` (lower-case) is one of the 127 stop words of PostgreSQL's `english`
/// configuration (Snowball's list: `the`, `and`, `is`, …).
bool IsEnglishStopWord(std::string_view word);

}  // namespace kalam::engine::internal
