#include "cli/format.h"

#include <algorithm>
#include <vector>

#include "link/core/value_kind.h"

namespace kalam::cli {
namespace {

/// Display width of UTF-8 text: one column per code point (continuation bytes do not count).
size_t Width(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t nl = s.find('\n', start);
    if (nl == std::string::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
}

std::string Pad(std::string_view s, size_t width, bool right) {
  const size_t w = Width(s);
  const std::string fill(width > w ? width - w : 0, ' ');
  return right ? fill + std::string(s) : std::string(s) + fill;
}

std::string RowsFooter(size_t n) { return "(" + std::to_string(n) + (n == 1 ? " row)\n" : " rows)\n"); }

}  // namespace

std::string CellText(const link::Cell& cell) {
  if (cell.is_null()) return "";
  if (cell.is_string()) return cell.get<std::string>();
  if (cell.is_boolean()) return cell.get<bool>() ? "t" : "f";
  return cell.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string FormatAligned(const link::QueryResult& result) {
  const size_t ncols = result.columns.size();
  std::vector<size_t> widths(ncols, 0);
  std::vector<bool> right(ncols, false);
  for (size_t c = 0; c < ncols; ++c) {
    widths[c] = Width(result.columns[c].name);
    right[c] = link::IsNumeric(link::ValueKindOf(result.columns[c].data_type));
  }
  // Every cell split into lines, widths by the widest line.
  std::vector<std::vector<std::vector<std::string>>> cells;
  cells.reserve(result.rows.size());
  for (const auto& row : result.rows) {
    auto& r = cells.emplace_back();
    for (size_t c = 0; c < ncols; ++c) {
      r.push_back(Lines(c < row.size() ? CellText(row[c]) : std::string()));
      for (const auto& line : r.back()) widths[c] = std::max(widths[c], Width(line));
    }
  }
  std::string out;
  // Header: names centred (psql pads the extra space on the right).
  for (size_t c = 0; c < ncols; ++c) {
    const std::string& name = result.columns[c].name;
    const size_t w = Width(name);
    const size_t left = (widths[c] - w) / 2;
    out += (c == 0 ? " " : " | ");
    out += std::string(left, ' ') + name + std::string(widths[c] - w - left, ' ');
  }
  out += ncols > 0 ? " \n" : "\n";
  for (size_t c = 0; c < ncols; ++c) {
    if (c > 0) out += '+';
    out += std::string(widths[c] + 2, '-');
  }
  out += '\n';
  for (const auto& row : cells) {
    size_t height = 1;
    for (const auto& cell : row) height = std::max(height, cell.size());
    for (size_t line = 0; line < height; ++line) {
      std::string text;
      for (size_t c = 0; c < ncols; ++c) {
        const bool has = line < row[c].size();
        const bool more = line + 1 < row[c].size();
        const std::string value = has ? row[c][line] : std::string();
        text += c == 0 ? " " : "";
        const bool last = c + 1 == ncols;
        std::string padded = Pad(value, widths[c], right[c] && row[c].size() == 1);
        if (last && !more) {
          // psql leaves no trailing blanks after the last column.
          const bool right_aligned_value = right[c] && has && row[c].size() == 1;
          while (!padded.empty() && padded.back() == ' ' && !right_aligned_value) padded.pop_back();
          text += padded;
        } else {
          text += padded + (more ? "+" : " ");
          if (!last) text += "| ";
        }
      }
      out += text + '\n';
    }
  }
  out += RowsFooter(result.rows.size());
  out += '\n';
  return out;
}

std::string FormatExpanded(const link::QueryResult& result) {
  const size_t ncols = result.columns.size();
  size_t name_w = 0;
  size_t value_w = 0;
  for (const auto& c : result.columns) name_w = std::max(name_w, Width(c.name));
  for (const auto& row : result.rows) {
    for (size_t c = 0; c < ncols && c < row.size(); ++c) {
      for (const auto& line : Lines(CellText(row[c]))) value_w = std::max(value_w, Width(line));
    }
  }
  if (result.rows.empty()) return "(0 rows)\n\n";
  std::string out;
  for (size_t r = 0; r < result.rows.size(); ++r) {
    // psql: the label, then the rule; the `+` only when the label ends before the column divider.
    std::string head = "-[ RECORD " + std::to_string(r + 1) + " ]";
    const size_t left = name_w + 1;
    if (Width(head) < left) {
      head += std::string(left - Width(head), '-') + '+' + std::string(value_w + 1, '-');
    } else {
      head += '-';
      if (Width(head) < name_w + value_w + 3) head += std::string(name_w + value_w + 3 - Width(head), '-');
    }
    out += head + '\n';
    for (size_t c = 0; c < ncols; ++c) {
      const auto lines = Lines(c < result.rows[r].size() ? CellText(result.rows[r][c]) : std::string());
      for (size_t l = 0; l < lines.size(); ++l) {
        std::string text = Pad(l == 0 ? result.columns[c].name : "", name_w, false) + " | " + lines[l];
        if (l + 1 < lines.size()) text = Pad(text, name_w + 3 + value_w, false) + "+";
        while (!text.empty() && text.back() == ' ') text.pop_back();
        out += text + '\n';
      }
    }
  }
  out += '\n';
  return out;
}

std::string FormatJson(const link::QueryResult& result) {
  using json = nlohmann::json;
  if (!result.has_rows) {
    json j = {{"row_count", result.row_count}, {"message", result.message}};
    return j.dump(-1, ' ', false, json::error_handler_t::replace) + '\n';
  }
  // Row objects keep the server's column order (ordered_json).
  std::string out = "[";
  for (size_t r = 0; r < result.rows.size(); ++r) {
    if (r > 0) out += ',';
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    for (size_t c = 0; c < result.columns.size() && c < result.rows[r].size(); ++c) {
      obj[result.columns[c].name] = result.rows[r][c];
    }
    out += obj.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  return out + "]\n";
}

std::string FormatCsv(const link::QueryResult& result) {
  auto field = [](const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
      if (c == '"') out += '"';
      out += c;
    }
    return out + "\"";
  };
  if (!result.has_rows) return field(result.message) + '\n';
  std::string out;
  for (size_t c = 0; c < result.columns.size(); ++c) out += (c > 0 ? "," : "") + field(result.columns[c].name);
  out += '\n';
  for (const auto& row : result.rows) {
    for (size_t c = 0; c < result.columns.size(); ++c) {
      out += (c > 0 ? "," : "") + (c < row.size() ? field(CellText(row[c])) : std::string());
    }
    out += '\n';
  }
  return out;
}

std::string FormatError(const link::Error& error, std::string_view sql) {
  std::string out = "ERROR:  " + error.message + '\n';
  if (!error.position || *error.position < 1) return out;
  // The line holding the position (counted in characters) and the column within it.
  size_t chars = 0;
  size_t line_no = 1;
  size_t line_start = 0;
  size_t i = 0;
  const size_t target = static_cast<size_t>(*error.position) - 1;
  for (; i < sql.size(); ++i) {
    if ((static_cast<unsigned char>(sql[i]) & 0xC0) == 0x80) continue;
    if (chars == target) break;
    if (sql[i] == '\n') {
      ++line_no;
      line_start = i + 1;
    }
    ++chars;
  }
  if (chars != target && i >= sql.size() && target > chars) return out;
  size_t line_end = sql.find('\n', line_start);
  if (line_end == std::string_view::npos) line_end = sql.size();
  const std::string prefix = "LINE " + std::to_string(line_no) + ": ";
  out += prefix + std::string(sql.substr(line_start, line_end - line_start)) + '\n';
  out += std::string(Width(prefix) + Width(sql.substr(line_start, i - line_start)), ' ') + "^\n";
  return out;
}

}  // namespace kalam::cli
