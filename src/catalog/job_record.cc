#include "catalog/job_record.h"

namespace kalam::catalog {

void JobRecord::Serialize(serde::Writer& w) const {
  w.WriteString("job_id", job_id);
  w.WriteEnum("job_type", type);
  w.WriteEnum("status", status);
  w.WriteOptionalString("namespace_id", namespace_id);
  w.WriteOptionalString("table_name", table_name);
  w.WriteString("parameters", parameters);
  w.WriteString("message", message);
  w.WriteInt("created_at", created_at_us);
  w.WriteOptionalInt("started_at", started_at_us);
  w.WriteOptionalInt("finished_at", finished_at_us);
}

Result<JobRecord> JobRecord::Deserialize(const serde::Reader& r) {
  JobRecord j;
  KALAM_ASSIGN_OR_RETURN(j.job_id, r.ReadString("job_id"));
  KALAM_ASSIGN_OR_RETURN(j.type, r.ReadEnum<JobType>("job_type"));
  KALAM_ASSIGN_OR_RETURN(j.status, r.ReadEnum<JobStatus>("status"));
  KALAM_ASSIGN_OR_RETURN(j.namespace_id, r.ReadOptionalString("namespace_id"));
  KALAM_ASSIGN_OR_RETURN(j.table_name, r.ReadOptionalString("table_name"));
  KALAM_ASSIGN_OR_RETURN(j.parameters, r.ReadString("parameters"));
  KALAM_ASSIGN_OR_RETURN(j.message, r.ReadString("message"));
  KALAM_ASSIGN_OR_RETURN(j.created_at_us, r.ReadInt("created_at"));
  KALAM_ASSIGN_OR_RETURN(j.started_at_us, r.ReadOptionalInt("started_at"));
  KALAM_ASSIGN_OR_RETURN(j.finished_at_us, r.ReadOptionalInt("finished_at"));
  return j;
}

}  // namespace kalam::catalog
