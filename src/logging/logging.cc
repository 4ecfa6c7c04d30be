#include "logging/logging.h"

#include <filesystem>
#include <mutex>
#include <vector>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace kalam::logging {
namespace {

struct State {
  std::mutex mu;
  std::vector<spdlog::sink_ptr> sinks;
  spdlog::level::level_enum level = spdlog::level::info;
  bool initialized = false;
};

State& GetState() {
  static State state;
  return state;
}

constexpr const char* kTextPattern = "%Y-%m-%dT%H:%M:%S.%fZ %^%l%$ [%n] %v";
constexpr const char* kJsonPattern =
    R"({"ts":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","module":"%n","msg":"%v"})";

}  // namespace

Status Init(const LogOptions& options) {
  State& st = GetState();
  std::lock_guard lock(st.mu);
  st.sinks.clear();
  st.level = spdlog::level::from_str(options.level);
  if (!options.logs_path.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(options.logs_path, ec);
    if (ec) {
      return Status(ErrorCode::kInvalidParameter,
                    "could not create logs directory \"" + options.logs_path + "\": " + ec.message());
    }
    auto path = (std::filesystem::path(options.logs_path) / "server.log").string();
    st.sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
        path, static_cast<size_t>(options.max_file_size_mb) * 1024 * 1024,
        static_cast<size_t>(options.max_files)));
  }
  if (options.console) st.sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  for (auto& sink : st.sinks) {
    sink->set_formatter(std::make_unique<spdlog::pattern_formatter>(
        options.format == "json" ? kJsonPattern : kTextPattern, spdlog::pattern_time_type::utc));
  }
  spdlog::drop_all();
  st.initialized = true;
  return Status::OK();
}

std::shared_ptr<spdlog::logger> Logger(std::string_view module) {
  State& st = GetState();
  std::lock_guard lock(st.mu);
  std::string name(module);
  if (auto existing = spdlog::get(name)) return existing;
  if (!st.initialized) {
    st.sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    st.initialized = true;
  }
  auto logger = std::make_shared<spdlog::logger>(name, st.sinks.begin(), st.sinks.end());
  logger->set_level(st.level);
  logger->flush_on(spdlog::level::warn);
  spdlog::register_logger(logger);
  return logger;
}

void Shutdown() {
  spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& l) { l->flush(); });
  spdlog::drop_all();
}

}  // namespace kalam::logging
