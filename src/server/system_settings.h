#pragma once

#include <vector>

#include "common/value.h"
#include "config/config.h"

namespace kalam::server {

/// `system.settings`: `name, value, description` of every configuration key as the server runs
/// with it (secrets hidden).
std::vector<ColumnInfo> SettingsColumns();
std::vector<Row> SettingsRows(const config::Config& config);

}  // namespace kalam::server
