#pragma once

#include "catalog/job_catalog.h"
#include "catalog/system_table.h"

namespace kalam::catalog {

/// system.jobs (CONTRACT §6): dba and system only, oldest first.
SystemTable MakeJobsTable(const JobCatalog* jobs);

}  // namespace kalam::catalog
