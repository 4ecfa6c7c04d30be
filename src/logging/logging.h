#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

#include "common/status.h"

namespace kalam::logging {

struct LogOptions {
  std::string level = "info";
  /// Directory of server.log; empty = console only.
  std::string logs_path;
  int max_file_size_mb = 100;
  int max_files = 5;
  /// "text" or "json".
  std::string format = "text";
  /// Also print to stderr.
  bool console = true;
};

/// Sets up the process-wide sinks (rotating file + console). Call once at start-up, before
/// any Logger(). INVALID_PARAMETER when the directory cannot be created.
Status Init(const LogOptions& options);

/// The logger of one module ("api", "engine", ...), sharing the sinks set up by Init.
std::shared_ptr<spdlog::logger> Logger(std::string_view module);

/// Flushes and drops every logger (at shutdown).
void Shutdown();

}  // namespace kalam::logging

#define KALAM_LOG_TRACE(logger, ...) SPDLOG_LOGGER_TRACE(logger, __VA_ARGS__)
#define KALAM_LOG_DEBUG(logger, ...) SPDLOG_LOGGER_DEBUG(logger, __VA_ARGS__)
#define KALAM_LOG_INFO(logger, ...) SPDLOG_LOGGER_INFO(logger, __VA_ARGS__)
#define KALAM_LOG_WARN(logger, ...) SPDLOG_LOGGER_WARN(logger, __VA_ARGS__)
#define KALAM_LOG_ERROR(logger, ...) SPDLOG_LOGGER_ERROR(logger, __VA_ARGS__)
