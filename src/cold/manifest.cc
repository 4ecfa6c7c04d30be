#include "cold/manifest.h"

namespace kalam::cold {

void SegmentColumn::Serialize(serde::Writer& w) const {
  w.WriteInt("column_id", column_id);
  w.WriteString("name", name);
}

Result<SegmentColumn> SegmentColumn::Deserialize(const serde::Reader& r) {
  SegmentColumn c;
  KALAM_ASSIGN_OR_RETURN(int64_t id, r.ReadInt("column_id"));
  c.column_id = static_cast<int32_t>(id);
  KALAM_ASSIGN_OR_RETURN(c.name, r.ReadString("name"));
  return c;
}

void Segment::Serialize(serde::Writer& w) const {
  w.WriteInt("batch", batch);
  w.WriteString("storage_id", storage_id);
  w.WriteString("path", path);
  w.WriteInt("rows", rows);
  w.WriteInt("tombstones", tombstones);
  w.WriteInt("min_seq", min_seq);
  w.WriteInt("max_seq", max_seq);
  w.WriteString("min_pk", min_pk);
  w.WriteString("max_pk", max_pk);
  w.WriteString("min_key", min_key);
  w.WriteString("max_key", max_key);
  w.WriteInt("bytes", bytes);
  w.WriteInt("created_at", created_at_us);
  w.WriteInt("overlaps_older", overlaps_older ? 1 : 0);
  w.WriteList("columns", columns);
}

Result<Segment> Segment::Deserialize(const serde::Reader& r) {
  Segment s;
  KALAM_ASSIGN_OR_RETURN(s.batch, r.ReadInt("batch"));
  KALAM_ASSIGN_OR_RETURN(s.storage_id, r.ReadString("storage_id"));
  KALAM_ASSIGN_OR_RETURN(s.path, r.ReadString("path"));
  KALAM_ASSIGN_OR_RETURN(s.rows, r.ReadInt("rows"));
  KALAM_ASSIGN_OR_RETURN(s.tombstones, r.ReadInt("tombstones"));
  KALAM_ASSIGN_OR_RETURN(s.min_seq, r.ReadInt("min_seq"));
  KALAM_ASSIGN_OR_RETURN(s.max_seq, r.ReadInt("max_seq"));
  KALAM_ASSIGN_OR_RETURN(s.min_pk, r.ReadString("min_pk"));
  KALAM_ASSIGN_OR_RETURN(s.max_pk, r.ReadString("max_pk"));
  KALAM_ASSIGN_OR_RETURN(auto min_key, r.ReadOptionalString("min_key"));
  KALAM_ASSIGN_OR_RETURN(auto max_key, r.ReadOptionalString("max_key"));
  s.min_key = min_key.value_or("");
  s.max_key = max_key.value_or("");
  KALAM_ASSIGN_OR_RETURN(s.bytes, r.ReadInt("bytes"));
  KALAM_ASSIGN_OR_RETURN(s.created_at_us, r.ReadInt("created_at"));
  KALAM_ASSIGN_OR_RETURN(auto overlaps, r.ReadOptionalInt("overlaps_older"));
  s.overlaps_older = overlaps.value_or(1) != 0;
  KALAM_ASSIGN_OR_RETURN(s.columns, r.ReadList<SegmentColumn>("columns"));
  return s;
}

void Manifest::Serialize(serde::Writer& w) const {
  w.WriteString("table", table);
  w.WriteString("scope", scope);
  w.WriteInt("next_batch", next_batch);
  w.WriteList("segments", segments);
}

Result<Manifest> Manifest::Deserialize(const serde::Reader& r) {
  Manifest m;
  KALAM_ASSIGN_OR_RETURN(m.table, r.ReadString("table"));
  KALAM_ASSIGN_OR_RETURN(m.scope, r.ReadString("scope"));
  KALAM_ASSIGN_OR_RETURN(m.next_batch, r.ReadInt("next_batch"));
  KALAM_ASSIGN_OR_RETURN(m.segments, r.ReadList<Segment>("segments"));
  return m;
}

}  // namespace kalam::cold
