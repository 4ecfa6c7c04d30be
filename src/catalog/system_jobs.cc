#include "catalog/system_jobs.h"

namespace kalam::catalog {

SystemTable MakeJobsTable(const JobCatalog* jobs) {
  SystemTable t;
  t.name = "jobs";
  const DataType text = DataType::Of(TypeId::kText);
  const DataType time = DataType::Of(TypeId::kTimestamp);
  t.columns = {
      {"job_id", text, {"pk", "nn"}},    {"job_type", text, {"nn"}},   {"status", text, {"nn"}},
      {"namespace_id", text, {}},        {"table_name", text, {}},
      {"parameters", DataType::Of(TypeId::kJson), {"nn"}},           {"message", text, {"nn"}},
      {"created_at", time, {"nn"}},      {"started_at", time, {}},     {"finished_at", time, {}},
  };
  t.rows = [jobs](const Caller&) -> Result<std::vector<Row>> {
    std::vector<Row> rows;
    for (const auto& j : jobs->List()) {
      rows.push_back(Row{j.job_id, std::string(ToString(j.type)), std::string(ToString(j.status)),
                         ValueOrNull(j.namespace_id), ValueOrNull(j.table_name), j.parameters, j.message,
                         j.created_at_us, ValueOrNull(j.started_at_us), ValueOrNull(j.finished_at_us)});
    }
    return rows;
  };
  return t;
}

}  // namespace kalam::catalog
