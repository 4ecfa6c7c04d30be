// Live-query SQL: parse, compile against a table (a JSON column among its columns), evaluate on
// rows with NULLs and values, and the filter's SQL text must parse back to a filter that decides
// every row the same way.
#include <cstddef>
#include <cstdint>
#include <string>

#include "live/filter.h"
#include "sql/filter_sql.h"
#include "sql/parser.h"

namespace {

kalam::catalog::TableRecord Table() {
  using namespace kalam;
  catalog::TableRecord t(TableId{NamespaceId::Parse("app").value(), TableName::Parse("m").value()});
  const std::pair<const char*, TypeId> columns[] = {{"id", TypeId::kBigInt}, {"room", TypeId::kText},
                                                    {"score", TypeId::kDouble}, {"at", TypeId::kTimestamp},
                                                    {"ok", TypeId::kBoolean}, {"meta", TypeId::kJson}};
  int32_t id = 1;
  for (const auto& [name, type] : columns) {
    catalog::ColumnDef c;
    c.column_id = id++;
    c.name = name;
    c.type = DataType::Of(type);
    t.columns.push_back(c);
  }
  t.columns[0].primary_key = true;
  return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kalam;
  static const catalog::TableRecord table = Table();
  static const std::vector<Row> rows = {
      Row{int64_t{7}, std::string("lobby"), 2.5, int64_t{1764201600000000}, true,
          std::string(R"({"k":"v","a":[1,{"b":null}],"n":1.5})")},
      Row{int64_t{-1}, Value(), Value(), Value(), Value(), Value()},
      Row{int64_t{0}, std::string(""), -0.0, int64_t{0}, false, std::string("[\"k\",2]")}};
  auto query = sql::ParseLiveQuery(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!query.ok() || !query->where) return 0;
  auto filter = live::CompiledFilter::Compile(*query->where, table);
  if (!filter.ok()) return 0;
  auto again = sql::ParseLiveQuery("SELECT * FROM app.m WHERE " + sql::FilterToSql(*query->where));
  if (!again.ok()) __builtin_trap();
  auto refiltered = live::CompiledFilter::Compile(*again->where, table);
  if (!refiltered.ok()) __builtin_trap();
  for (const Row& row : rows) {
    if (filter->Matches(row) != refiltered->Matches(row)) __builtin_trap();
  }
  return 0;
}
