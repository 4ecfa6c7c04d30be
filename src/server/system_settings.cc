#include "server/system_settings.h"

namespace kalam::server {

std::vector<ColumnInfo> SettingsColumns() {
  auto text = DataType::Of(TypeId::kText);
  return {ColumnInfo{"name", text, {"pk"}}, ColumnInfo{"value", text, {}}, ColumnInfo{"description", text, {}}};
}

std::vector<Row> SettingsRows(const config::Config& config) {
  std::vector<Row> rows;
  for (auto& s : config::Settings(config)) {
    rows.push_back(Row{Value(std::move(s.name)), Value(std::move(s.value)), Value(std::move(s.description))});
  }
  return rows;
}

}  // namespace kalam::server
