#pragma once

#include <string_view>

namespace kalam::config {

/// The description `system.settings` shows for a key ("section.name"); empty for an unknown key.
/// Every key of config/server.example.toml has one (config_test checks).
std::string_view SettingDescription(std::string_view name);

/// True for keys whose values `system.settings` hides (passwords, secrets).
bool IsSecretSetting(std::string_view name);

}  // namespace kalam::config
