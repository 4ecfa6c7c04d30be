#pragma once

#include <string>

namespace kalam::sql {

/// KILL JOB 'FL-…': cancels a queued or running job.
struct KillJob {
  std::string job_id;
};

}  // namespace kalam::sql
