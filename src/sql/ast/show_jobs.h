#pragma once

namespace kalam::sql {

/// SHOW JOBS: the rows of system.jobs, newest first (dba).
struct ShowJobs {};

}  // namespace kalam::sql
