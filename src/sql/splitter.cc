#include "sql/splitter.h"

#include "sql/lexer.h"

namespace kalam::sql {

Result<std::vector<StatementText>> SplitStatements(std::string_view batch) {
  KALAM_ASSIGN_OR_RETURN(auto tokens, Lex(batch));
  std::vector<StatementText> out;
  size_t first = 0;  // index of the first token of the current statement
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    bool boundary = t.type == TokenType::kEnd || t.IsPunct(';');
    if (!boundary) continue;
    if (i > first) {
      size_t begin = tokens[first].offset;
      size_t end = tokens[i - 1].offset + tokens[i - 1].raw.size();
      out.push_back(StatementText{batch.substr(begin, end - begin), begin});
    }
    first = i + 1;
  }
  return out;
}

}  // namespace kalam::sql
