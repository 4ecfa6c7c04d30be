#pragma once

#include <string>

#include "cli/session.h"

namespace kalam::cli {

/// The interactive loop: prompt `● kalam> ` (green while the server answers its health check, red
/// when not), continuation prompt, history in ~/.kalam/history, tab completion of keywords,
/// meta-commands, namespaces, tables and columns, Ctrl-C cancels the running statement (or the
/// line), Ctrl-D quits. Returns the exit code.
int RunInteractive(Session& session, const std::string& history_path);

/// True when `buffer` holds complete SQL: ends with `;` outside quotes and comments.
bool StatementComplete(const std::string& buffer);

}  // namespace kalam::cli
