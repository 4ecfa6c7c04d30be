#pragma once

namespace kalam::sql {

/// EXPORT USER DATA: a job writing the caller's rows of every USER and STREAM table to one file.
struct ExportUserData {};

/// SHOW EXPORT: the caller's exports (their jobs and where to download them).
struct ShowExport {};

}  // namespace kalam::sql
