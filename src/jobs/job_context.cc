#include "jobs/job_context.h"

#include <filesystem>
#include <random>

#include <fmt/format.h>

namespace kalam::jobs {

std::string JobContext::NewScratchFile(const std::string& job_id) const {
  static thread_local std::mt19937_64 random{std::random_device()()};
  return (std::filesystem::path(scratch_dir) / fmt::format("{}-{:016x}.parquet", job_id, random())).string();
}

}  // namespace kalam::jobs
