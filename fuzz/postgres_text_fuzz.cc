// PostgreSQL's text and jsonb functions the engine adds (engine/internal/jsonb.h, postgres_text.h)
// take whatever a query passes them: they must never crash, whatever the bytes. The input is
// NUL-separated parts: a JSON document, a text[] path, a JSON value, then a format() pattern and
// its arguments; the pattern is also read as a text to search, a tsquery and a tsvector, a
// to_char number pattern (for the number in the path's part) and a SIMILAR TO pattern.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/jsonb.h"
#include "engine/internal/postgres_number_format.h"
#include "engine/internal/postgres_text.h"
#include "engine/internal/text_search.h"

namespace jsonb = kalam::jsonb;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t end = text.find('\0', start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  while (parts.size() < 4) parts.emplace_back();
  const jsonb::Json doc = jsonb::Json::parse(parts[0], nullptr, /*allow_exceptions=*/false);
  const jsonb::Json value = jsonb::Json::parse(parts[2], nullptr, /*allow_exceptions=*/false);
  auto path = jsonb::ParseTextArray(parts[1]);
  if (!doc.is_discarded()) {
    (void)jsonb::Dump(doc);
    (void)jsonb::Pretty(doc);
    (void)jsonb::StripNulls(doc);
    (void)jsonb::TypeOf(doc);
    (void)jsonb::ArrayLength(doc);
    (void)jsonb::HasKey(doc, parts[1]);
    (void)jsonb::DeleteKey(doc, parts[1]);
    (void)jsonb::DeleteIndex(doc, static_cast<int64_t>(parts[1].size()) - 4);
    if (path.ok()) {
      if (const jsonb::Json* at = jsonb::AtPath(doc, *path)) (void)jsonb::AsText(*at);
      (void)jsonb::DeletePath(doc, *path);
      if (!value.is_discarded()) {
        for (bool flag : {false, true}) {
          auto set = jsonb::SetPath(doc, *path, value, flag);
          // Setting a path, then reading it back, gives the value (when it was set in place).
          if (set.ok() && flag && path->size() == 1 && doc.is_object() && (*path)[0]) {
            if (const jsonb::Json* at = jsonb::AtPath(*set, *path); at == nullptr || *at != value) __builtin_trap();
          }
          (void)jsonb::InsertPath(doc, *path, value, flag);
        }
      }
    }
    if (!value.is_discarded()) (void)jsonb::Concat(doc, value);
  }
  std::vector<std::optional<std::string>> args;
  for (size_t i = 4; i < parts.size(); ++i) {
    if (parts[i] == "NULL") {
      args.emplace_back(std::nullopt);
    } else {
      args.emplace_back(std::string(parts[i]));
    }
  }
  (void)kalam::engine::internal::PostgresFormat(parts[3], args);
  (void)kalam::engine::internal::QuoteIdent(std::string(parts[3]));
  (void)kalam::engine::internal::QuoteLiteral(std::string(parts[3]));
  (void)kalam::engine::internal::InitCap(parts[3]);
  (void)kalam::engine::internal::IsNumberPattern(parts[3]);
  (void)kalam::engine::internal::FormatNumber(parts[1], parts[3]);
  (void)kalam::engine::internal::FormatNumber("-1234567.891", parts[3]);
  (void)kalam::engine::internal::SimilarToRegex(parts[3]);
  namespace ts = kalam::engine::internal::text_search;
  for (auto config : {ts::Config::kEnglish, ts::Config::kSimple}) {
    const ts::TsVector v = ts::ToTsVector(config, parts[3]);
    // A vector's text form reads back as the same vector.
    if (auto back = ts::ParseTsVector(ts::ToText(v)); !back.ok() || *back != v) __builtin_trap();
    for (const ts::TsQuery& q : {ts::PlainToTsQuery(config, parts[3]), ts::PhraseToTsQuery(config, parts[3]),
                                 ts::WebSearchToTsQuery(config, parts[3])}) {
      (void)ts::Matches(v, q);
      (void)ts::Rank(v, q);
      // A query's text form reads back as a query that prints the same.
      const std::string text = ts::ToText(q);
      if (!text.empty()) {
        auto back = ts::ParseTsQuery(text);
        if (!back.ok() || ts::ToText(*back) != text) __builtin_trap();
      }
    }
    if (auto q = ts::ToTsQuery(config, parts[3]); q.ok()) (void)ts::Matches(v, *q);
  }
  if (auto v = ts::ParseTsVector(parts[1]); v.ok()) {
    if (auto q = ts::ParseTsQuery(parts[2]); q.ok()) (void)ts::Rank(*v, *q);
  }
  return 0;
}
