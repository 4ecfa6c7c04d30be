#include <array>
#include <functional>

#include <fmt/format.h>

#include "common/strings.h"
#include "common/value_coerce.h"
#include "sql/internal/parsers.h"

namespace kalam::sql::internal {
namespace {

Result<std::string> ParseTypeText(TokenStream& ts, bool* serial) {
  const Token& first = ts.Peek();
  KALAM_ASSIGN_OR_RETURN(std::string name, ts.ExpectIdentifier());
  std::string upper = ToUpperAscii(name);
  if (upper == "SERIAL" || upper == "BIGSERIAL" || upper == "SMALLSERIAL" || upper == "SERIAL8" ||
      upper == "SERIAL4" || upper == "SERIAL2") {
    *serial = true;
    return std::string("BIGINT");
  }
  if ((upper == "DOUBLE" && ts.Accept("PRECISION")) || (upper == "CHARACTER" && ts.Accept("VARYING"))) {
    upper += upper == "DOUBLE" ? " PRECISION" : " VARYING";
  }
  if (upper == "CHARACTER" || upper == "CHAR") upper = "VARCHAR";  // not blank-padded, like VARCHAR
  if (ts.Peek().IsPunct('(')) {
    size_t begin = ts.Peek().offset;
    while (!ts.AtEnd() && !ts.Peek().IsPunct(')')) ts.Next();
    if (!ts.Peek().IsPunct(')')) return ts.SyntaxError();
    upper += std::string(ts.Slice(begin, TokenStream::EndOf(ts.Next())));
  }
  // `timestamp [(p)] with[out] time zone`, `time [(p)] without time zone`: PostgreSQL's spellings.
  if (upper.rfind("TIMESTAMP", 0) == 0 || upper.rfind("TIME", 0) == 0) {
    const Token& zone = ts.Peek();
    if (ts.AcceptAll({"WITH", "TIME", "ZONE"})) {
      if (upper.rfind("TIMESTAMP", 0) != 0) {
        return ts.ErrorAt(zone, ErrorCode::kFeatureNotSupported,
                          "time with time zone is not supported: use TIME, or TIMESTAMP (UTC)");
      }
    } else {
      ts.AcceptAll({"WITHOUT", "TIME", "ZONE"});
    }
  }
  if (auto parsed = DataType::Parse(upper); !parsed.ok()) {
    // An unknown name as written; a bad modifier (`DECIMAL(50,2)`) as DataType explains it.
    const bool unknown = parsed.error().message().find("does not exist") != std::string::npos;
    return ts.ErrorAt(first, ErrorCode::kInvalidParameter,
                      unknown ? fmt::format("type \"{}\" does not exist", name) : parsed.error().message());
  }
  return upper;
}

/// The zone string of a DEFAULT's `AT TIME ZONE 'utc'` / `timezone('utc', now())`: consumed when it
/// is UTC (KalamDB's timestamps are UTC); another is FEATURE_NOT_SUPPORTED.
Status AcceptUtcZoneName(TokenStream& ts) {
  const Token& zone = ts.Peek();
  bool utc = false;
  for (std::string_view name : {"utc", "gmt", "etc/utc", "z", "zulu", "+00", "+00:00", "00:00"}) {
    utc |= zone.type == TokenType::kString && EqualsIgnoreCase(zone.text, name);
  }
  if (!utc) return ts.ErrorAt(zone, ErrorCode::kFeatureNotSupported, "a DEFAULT's time zone must be UTC (timestamps are UTC)");
  ts.Next();
  return Status::OK();
}

/// `::type` after a DEFAULT's value (pg_dump writes `'x'::text`, `'{}'::jsonb`,
/// `'now'::timestamp`): consumed; the value is converted to the column's type anyway.
void SkipCast(TokenStream& ts) {
  static constexpr std::string_view kConstraintWords[] = {"NOT",     "NULL",       "PRIMARY", "REFERENCES",
                                                          "UNIQUE",  "CHECK",      "DEFAULT", "CONSTRAINT",
                                                          "COLLATE", "GENERATED", "AUTO_INCREMENT"};
  while (ts.AcceptOperator("::")) {
    while (ts.Peek().type == TokenType::kIdentifier) {
      bool stop = false;
      for (auto w : kConstraintWords) stop |= ts.Peek().IsKeyword(w);
      if (stop) break;
      ts.Next();
    }
    if (ts.Peek().IsPunct('(')) {
      while (!ts.AtEnd() && !ts.Peek().IsPunct(')')) ts.Next();
      if (!ts.AtEnd()) ts.Next();
    }
    if (ts.Peek().IsPunct('[') && ts.Peek(1).IsPunct(']')) {
      ts.Next();
      ts.Next();
    }
  }
}

/// The value itself: a generator call (PeekGeneratorCall, or `timezone('utc', now())`) or a literal.
Status ParseDefaultCore(TokenStream& ts, ColumnSpec* col) {
  const Token& t = ts.Peek();
  if (auto call = PeekGeneratorCall(ts)) {
    for (size_t i = 0; i < call->tokens; ++i) ts.Next();
    col->default_kind = call->kind;
    if (call->kind == DefaultKind::kNow && ts.AcceptAll({"AT", "TIME", "ZONE"})) return AcceptUtcZoneName(ts);
    return Status::OK();
  }
  if (t.IsKeyword("TIMEZONE") && ts.Peek(1).IsPunct('(') && ts.Peek(2).type == TokenType::kString) {
    ts.Next();
    ts.Next();
    KALAM_RETURN_IF_ERROR(AcceptUtcZoneName(ts));
    SkipCast(ts);  // timezone('utc'::text, now()) as pg_dump writes it
    if (!ts.Peek().IsPunct(',')) return ts.SyntaxError();
    ts.Next();
    auto call = PeekGeneratorCall(ts);
    if (!call || call->kind != DefaultKind::kNow) return ts.SyntaxError();
    for (size_t i = 0; i < call->tokens; ++i) ts.Next();
    if (!ts.Peek().IsPunct(')')) return ts.SyntaxError();
    ts.Next();
    col->default_kind = DefaultKind::kNow;
    return Status::OK();
  }
  col->default_kind = DefaultKind::kLiteral;
  bool negative = false;
  if (t.type == TokenType::kOperator && t.text == "-") {
    negative = true;
    ts.Next();
  }
  const Token& v = ts.Peek();
  if (v.type == TokenType::kNumber) {
    col->default_literal = (negative ? "-" : "") + v.text;
  } else if (v.type == TokenType::kString && !negative) {
    col->default_literal = v.text;
  } else if ((v.IsKeyword("TRUE") || v.IsKeyword("FALSE")) && !negative) {
    col->default_literal = ToLowerAscii(v.text);
  } else if (v.IsKeyword("NULL") && !negative) {
    col->default_literal.reset();
  } else {
    return ts.ErrorAt(v, ErrorCode::kFeatureNotSupported,
                      "DEFAULT must be a literal, NOW(), CURRENT_DATE, SNOWFLAKE_ID(), UUID_V7(), "
                      "gen_random_uuid() or CURRENT_USER");
  }
  ts.Next();
  return Status::OK();
}

}  // namespace

Status ParseDefaultValue(TokenStream& ts, ColumnSpec* col) {
  const Token& start = ts.Peek();
  size_t parens = 0;
  while (ts.Peek().IsPunct('(')) {
    ts.Next();
    ++parens;
  }
  KALAM_RETURN_IF_ERROR(ParseDefaultCore(ts, col));
  SkipCast(ts);
  for (; parens > 0; --parens) {
    if (!ts.Peek().IsPunct(')')) return ts.SyntaxError();
    ts.Next();
    SkipCast(ts);
  }
  if (col->default_kind == DefaultKind::kLiteral && col->default_literal) {
    auto coerced = CoerceValue(*col->default_literal, col->type);
    if (!coerced.ok()) return ts.ErrorAt(start, coerced.error().code(), coerced.error().message());
  }
  return Status::OK();
}

namespace {

/// AUTO_INCREMENT [(SNOWFLAKE | UUID)] and GENERATED ... AS IDENTITY: the default that fits.
Status ParseAutoIncrement(TokenStream& ts, const Token& at, ColumnSpec* col) {
  std::optional<DefaultKind> wanted;
  if (ts.Peek().IsPunct('(')) {
    ts.Next();
    if (ts.Accept("SNOWFLAKE")) {
      wanted = DefaultKind::kSnowflakeId;
    } else if (ts.Accept("UUID")) {
      wanted = DefaultKind::kUuidV7;
    } else {
      return ts.SyntaxError();
    }
    if (!ts.Peek().IsPunct(')')) return ts.SyntaxError();
    ts.Next();
  }
  bool integer = col->type.id == TypeId::kBigInt;
  bool textual = col->type.id == TypeId::kUuid || col->type.id == TypeId::kText;
  DefaultKind kind = wanted.value_or(integer ? DefaultKind::kSnowflakeId : DefaultKind::kUuidV7);
  if ((kind == DefaultKind::kSnowflakeId && !integer) || (kind == DefaultKind::kUuidV7 && !textual)) {
    return ts.ErrorAt(at, ErrorCode::kInvalidParameter,
                      fmt::format("AUTO_INCREMENT needs a BIGINT column (SNOWFLAKE) or a UUID/TEXT "
                                  "column (UUID); \"{}\" is {}",
                                  col->name, col->type.ToString()));
  }
  col->default_kind = kind;
  return Status::OK();
}

bool AtColumnEnd(const TokenStream& ts) { return ts.Peek().IsPunct(',') || ts.Peek().IsPunct(')'); }

Status ParseConstraint(TokenStream& ts, ColumnSpec* col) {
  if (ts.Accept("CONSTRAINT")) {  // a named column constraint: the name is not kept
    KALAM_RETURN_IF_ERROR(ts.ExpectIdentifier().status());
    if (AtColumnEnd(ts) || ts.AtEnd()) return ts.SyntaxError();
  }
  const Token& t = ts.Peek();
  if (ts.AcceptAll({"PRIMARY", "KEY"})) {
    col->primary_key = true;
    col->not_null = true;
  } else if (ts.AcceptAll({"NOT", "NULL"})) {
    col->not_null = true;
  } else if (ts.Accept("NULL")) {
    col->not_null = false;
  } else if (ts.Accept("DEFAULT")) {
    return ParseDefaultValue(ts, col);
  } else if (ts.Accept("AUTO_INCREMENT")) {
    return ParseAutoIncrement(ts, t, col);
  } else if (ts.Accept("GENERATED")) {
    if (!ts.Accept("ALWAYS")) {
      KALAM_RETURN_IF_ERROR(ts.Expect("BY"));
      KALAM_RETURN_IF_ERROR(ts.Expect("DEFAULT"));
    }
    KALAM_RETURN_IF_ERROR(ts.Expect("AS"));
    KALAM_RETURN_IF_ERROR(ts.Expect("IDENTITY"));
    return ParseAutoIncrement(ts, t, col);
  } else if (t.IsKeyword("UNIQUE") || t.IsKeyword("REFERENCES") || t.IsKeyword("CHECK") ||
             t.IsKeyword("COLLATE")) {
    return ts.ErrorAt(t, ErrorCode::kFeatureNotSupported,
                      fmt::format("{} constraints are not supported", ToUpperAscii(t.text)));
  } else {
    return ts.SyntaxError();
  }
  return Status::OK();
}


/// One WITH option: NAME = value, applied by a table of option handlers.
struct OptionValue {
  const Token* token;
  std::string text;  // string literal, number or word
};

using OptionFn = std::function<Status(const OptionValue&, CreateTable*, bool* type_given)>;

Status OptionError(const OptionValue&, std::string message) {
  return Status(ErrorCode::kInvalidParameter, std::move(message));
}

const std::array<std::pair<std::string_view, OptionFn>, 6>& TableOptionHandlers() {
  static const std::array<std::pair<std::string_view, OptionFn>, 6> kHandlers = {{
      {"TYPE",
       [](const OptionValue& v, CreateTable* ct, bool* type_given) -> Status {
         auto type = ParseEnum<TableType>(v.text);
         if (!type.ok() || *type == TableType::kSystem) {
           return OptionError(v, fmt::format("TYPE must be 'USER', 'SHARED' or 'STREAM', not '{}'", v.text));
         }
         if (*type_given && *type != ct->type) {
           return OptionError(v, fmt::format("conflicting table types: {} TABLE with TYPE='{}'",
                                             ToUpperAscii(ToString(ct->type)), v.text));
         }
         ct->type = *type;
         *type_given = true;
         return Status::OK();
       }},
      {"STORAGE_ID",
       [](const OptionValue& v, CreateTable* ct, bool*) -> Status {
         KALAM_RETURN_IF_ERROR(StorageId::Parse(v.text));
         ct->options.storage_id = v.text;
         return Status::OK();
       }},
      {"FLUSH_POLICY",
       [](const OptionValue& v, CreateTable* ct, bool*) -> Status {
         ct->options.flush_policy = v.text;
         return Status::OK();
       }},
      {"TTL_SECONDS",
       [](const OptionValue& v, CreateTable* ct, bool*) -> Status {
         auto n = CoerceValue(v.text, DataType::Of(TypeId::kBigInt));
         if (!n.ok() || std::get<int64_t>(*n) <= 0) {
           return OptionError(v, fmt::format("TTL_SECONDS must be a positive integer, not '{}'", v.text));
         }
         ct->options.ttl_seconds = std::get<int64_t>(*n);
         return Status::OK();
       }},
      {"ACCESS_LEVEL",
       [](const OptionValue& v, CreateTable* ct, bool*) -> Status {
         KALAM_ASSIGN_OR_RETURN(ct->options.access_level, ParseEnum<AccessLevel>(v.text));
         return Status::OK();
       }},
      {"USE_USER_STORAGE",
       [](const OptionValue& v, CreateTable* ct, bool*) -> Status {
         auto b = CoerceValue(v.text, DataType::Of(TypeId::kBoolean));
         if (!b.ok()) return OptionError(v, "USE_USER_STORAGE must be true or false");
         ct->options.use_user_storage = std::get<bool>(*b);
         return Status::OK();
       }},
  }};
  return kHandlers;
}

Status ParseWithOptions(TokenStream& ts, CreateTable* ct, bool* type_given) {
  if (!ts.Peek().IsPunct('(')) return ts.SyntaxError();
  ts.Next();
  while (true) {
    const Token& name = ts.Peek();
    KALAM_ASSIGN_OR_RETURN(std::string key, ts.ExpectIdentifier());
    if (!ts.AcceptOperator("=")) return ts.SyntaxError();
    const Token& value = ts.Next();
    if (value.type != TokenType::kString && value.type != TokenType::kNumber &&
        value.type != TokenType::kIdentifier) {
      return ts.ErrorAt(value, ErrorCode::kSyntaxError, fmt::format("syntax error at or near \"{}\"", value.raw));
    }
    OptionValue v{&value, value.text};
    bool known = false;
    for (const auto& [option, handler] : TableOptionHandlers()) {
      if (ToUpperAscii(key) != option) continue;
      known = true;
      Status s = handler(v, ct, type_given);
      if (!s.ok()) return ts.ErrorAt(value, s.code(), s.message());
    }
    if (!known) {
      return ts.ErrorAt(name, ErrorCode::kInvalidParameter,
                        fmt::format("unknown table option \"{}\" (expected TYPE, STORAGE_ID, "
                                    "FLUSH_POLICY, TTL_SECONDS, ACCESS_LEVEL, USE_USER_STORAGE)",
                                    key));
    }
    if (ts.Peek().IsPunct(',')) {
      ts.Next();
      continue;
    }
    if (!ts.Peek().IsPunct(')')) return ts.SyntaxError();
    ts.Next();
    return Status::OK();
  }
}

/// The rules of CONTRACT §3 about primary keys and options, checked once the kind is known.
Status Validate(const TokenStream& ts, const Token& at, CreateTable& ct) {
  std::vector<ColumnSpec*> pks;
  for (auto& c : ct.columns) {
    if (c.primary_key) pks.push_back(&c);
  }
  std::string table = ct.table.name.value();
  if (pks.size() > 1) {
    return ts.ErrorAt(at, ErrorCode::kInvalidParameter,
                      fmt::format("multiple primary keys for table \"{}\" are not allowed", table));
  }
  if (pks.empty()) {
    return ts.ErrorAt(at, ErrorCode::kInvalidParameter,
                      fmt::format("table \"{}\" needs a single-column PRIMARY KEY of type BIGINT, "
                                  "TEXT or UUID",
                                  table));
  }
  ColumnSpec& pk = *pks[0];
  if (pk.type.id != TypeId::kBigInt && pk.type.id != TypeId::kText && pk.type.id != TypeId::kUuid) {
    return ts.ErrorAt(at, ErrorCode::kInvalidParameter,
                      fmt::format("primary key \"{}\" must be BIGINT, TEXT or UUID, not {}", pk.name,
                                  pk.type.ToString()));
  }
  if (ct.type == TableType::kStream && pk.default_kind != DefaultKind::kSnowflakeId &&
      pk.default_kind != DefaultKind::kUuidV7 && pk.default_kind != DefaultKind::kUuidV4) {
    return ts.ErrorAt(at, ErrorCode::kInvalidParameter,
                      fmt::format("the primary key \"{}\" of STREAM table \"{}\" must be generated: "
                                  "DEFAULT SNOWFLAKE_ID(), DEFAULT UUID_V7() or AUTO_INCREMENT",
                                  pk.name, table));
  }
  if (ct.options.access_level && ct.type != TableType::kShared) {
    return ts.ErrorAt(at, ErrorCode::kInvalidParameter, "ACCESS_LEVEL applies to SHARED tables only");
  }
  if (ct.options.ttl_seconds && ct.type != TableType::kStream) {
    return ts.ErrorAt(at, ErrorCode::kInvalidParameter, "TTL_SECONDS applies to STREAM tables only");
  }
  for (size_t i = 0; i < ct.columns.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (EqualsIgnoreCase(ct.columns[i].name, ct.columns[j].name)) {
        return ts.ErrorAt(at, ErrorCode::kAlreadyExists,
                          fmt::format("column \"{}\" specified more than once", ct.columns[i].name));
      }
    }
    if (ct.columns[i].name == "_seq" || ct.columns[i].name == "_deleted") {
      return ts.ErrorAt(at, ErrorCode::kInvalidParameter,
                        fmt::format("column name \"{}\" is reserved for a system column", ct.columns[i].name));
    }
  }
  return Status::OK();
}

}  // namespace

Result<TableRef> ParseTableRef(TokenStream& ts) {
  const Token& first = ts.Peek();
  KALAM_ASSIGN_OR_RETURN(std::string a, ts.ExpectIdentifier());
  std::optional<NamespaceId> ns;
  std::string table = a;
  const Token* name_token = &first;
  if (ts.Peek().IsPunct('.')) {
    ts.Next();
    name_token = &ts.Peek();
    KALAM_ASSIGN_OR_RETURN(table, ts.ExpectIdentifier());
    auto parsed = NamespaceId::Parse(a);
    if (!parsed.ok()) return ts.ErrorAt(first, ErrorCode::kInvalidParameter, parsed.error().message());
    ns = std::move(parsed).value();
  }
  auto name = TableName::Parse(table);
  if (!name.ok()) return ts.ErrorAt(*name_token, ErrorCode::kInvalidParameter, name.error().message());
  return TableRef{std::move(ns), std::move(name).value()};
}

Result<ColumnSpec> ParseColumnSpec(TokenStream& ts) {
  const Token& name_token = ts.Peek();
  KALAM_ASSIGN_OR_RETURN(std::string name, ts.ExpectIdentifier());
  if (!IsValidIdentifier(name)) {
    return ts.ErrorAt(name_token, ErrorCode::kInvalidParameter,
                      fmt::format("invalid column name \"{}\"", name));
  }
  ColumnSpec col;
  col.name = name;
  bool serial = false;
  KALAM_ASSIGN_OR_RETURN(std::string type_text, ParseTypeText(ts, &serial));
  KALAM_ASSIGN_OR_RETURN(col.type, DataType::Parse(type_text));
  if (serial) col.default_kind = DefaultKind::kSnowflakeId;
  while (!AtColumnEnd(ts) && !ts.AtEnd()) KALAM_RETURN_IF_ERROR(ParseConstraint(ts, &col));
  return col;
}

Result<Statement> ParseCreateTable(TokenStream& ts, TableType type, bool type_given) {
  bool if_not_exists = ts.AcceptAll({"IF", "NOT", "EXISTS"});
  const Token& at = ts.Peek();
  KALAM_ASSIGN_OR_RETURN(TableRef ref, ParseTableRef(ts));
  CreateTable ct(std::move(ref));
  ct.type = type;
  ct.if_not_exists = if_not_exists;
  KALAM_RETURN_IF_ERROR(ts.ParenthesizedList([&]() -> Status {
    // A table constraint may be named (`CONSTRAINT t_pkey PRIMARY KEY (id)`, as pg_dump writes).
    const bool named = ts.Peek().IsKeyword("CONSTRAINT");
    if (named) {
      ts.Next();
      KALAM_RETURN_IF_ERROR(ts.ExpectIdentifier().status());
    }
    const Token& first = ts.Peek();
    if (first.IsKeyword("UNIQUE") || first.IsKeyword("FOREIGN") || first.IsKeyword("CHECK") ||
        first.IsKeyword("EXCLUDE")) {
      const std::string kind = first.IsKeyword("FOREIGN") ? "FOREIGN KEY" : ToUpperAscii(first.text);
      return ts.ErrorAt(first, ErrorCode::kFeatureNotSupported, fmt::format("{} constraints are not supported", kind));
    }
    if (named && !first.IsKeyword("PRIMARY")) return ts.SyntaxError();
    if (!ts.AcceptAll({"PRIMARY", "KEY"})) {
      KALAM_ASSIGN_OR_RETURN(ColumnSpec col, ParseColumnSpec(ts));
      ct.columns.push_back(std::move(col));
      return Status::OK();
    }
    // Table constraint: PRIMARY KEY (col).
    if (!ts.Peek().IsPunct('(')) return ts.SyntaxError();
    ts.Next();
    const Token& col_token = ts.Peek();
    KALAM_ASSIGN_OR_RETURN(std::string col, ts.ExpectIdentifier());
    if (!ts.Peek().IsPunct(')')) {
      return ts.ErrorAt(ts.Peek(), ErrorCode::kFeatureNotSupported,
                        "composite primary keys are not supported: use one column");
    }
    ts.Next();
    bool found = false;
    for (auto& c : ct.columns) {
      if (EqualsIgnoreCase(c.name, col)) c.primary_key = c.not_null = found = true;
    }
    if (!found) {
      return ts.ErrorAt(col_token, ErrorCode::kColumnNotFound,
                        fmt::format("column \"{}\" named in key does not exist", col));
    }
    return Status::OK();
  }));
  if (ts.Accept("WITH")) KALAM_RETURN_IF_ERROR(ParseWithOptions(ts, &ct, &type_given));
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  KALAM_RETURN_IF_ERROR(Validate(ts, at, ct));
  return Statement(std::move(ct));
}

Result<Statement> ParseDropTable(TokenStream& ts) {
  bool if_exists = ts.AcceptAll({"IF", "EXISTS"});
  KALAM_ASSIGN_OR_RETURN(TableRef ref, ParseTableRef(ts));
  DropTable d(std::move(ref));
  d.if_exists = if_exists;
  if (ts.Peek().IsPunct(',')) {
    return ts.ErrorAt(ts.Peek(), ErrorCode::kFeatureNotSupported, "DROP TABLE takes one table: drop each in its own statement");
  }
  if (!ts.Accept("CASCADE")) ts.Accept("RESTRICT");  // PostgreSQL's options: nothing depends on a table
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(std::move(d));
}

Result<Statement> ParseShowTables(TokenStream& ts) {
  ShowTables s;
  if (ts.Accept("IN") || ts.Accept("FROM")) {
    KALAM_ASSIGN_OR_RETURN(s.ns, ParseNamespaceName(ts));
  }
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(std::move(s));
}

namespace {

/// One change of ALTER TABLE (after the table's name or a comma).
Status ParseAlterChange(TokenStream& ts, AlterTable::Change* change) {
  using Action = AlterTable::Action;
  auto unsupported = [&ts](const Token& at, const char* what) {
    return ts.ErrorAt(at, ErrorCode::kFeatureNotSupported, what);
  };
  const Token& verb = ts.Peek();
  // PostgreSQL's ALTER TABLE forms KalamDB lacks: a clear error, not a syntax error.
  if ((verb.IsKeyword("ADD") || verb.IsKeyword("DROP")) &&
      (ts.Peek(1).IsKeyword("CONSTRAINT") || ts.Peek(1).IsKeyword("PRIMARY") || ts.Peek(1).IsKeyword("UNIQUE") ||
       ts.Peek(1).IsKeyword("FOREIGN") || ts.Peek(1).IsKeyword("CHECK"))) {
    return unsupported(ts.Peek(1), "adding or dropping constraints is not supported (the primary key is the only one)");
  }
  if (verb.IsKeyword("ALTER")) {
    const size_t at = ts.Peek(1).IsKeyword("COLUMN") ? 3 : 2;  // ALTER [COLUMN] c …
    if (ts.Peek(at).IsKeyword("TYPE") || (ts.Peek(at).IsKeyword("SET") && ts.Peek(at + 1).IsKeyword("DATA"))) {
      return unsupported(ts.Peek(at), "changing a column's type is not supported: add a column of the new type and "
                                      "copy the values (UPDATE … SET new = old::type)");
    }
  }
  if (ts.Accept("ADD")) {
    ts.Accept("COLUMN");
    change->action = Action::kAddColumn;
    change->if_not_exists = ts.AcceptAll({"IF", "NOT", "EXISTS"});
    KALAM_ASSIGN_OR_RETURN(change->spec, ParseColumnSpec(ts));
  } else if (ts.Accept("DROP")) {
    ts.Accept("COLUMN");
    change->action = Action::kDropColumn;
    change->if_exists = ts.AcceptAll({"IF", "EXISTS"});
    KALAM_ASSIGN_OR_RETURN(change->column, ts.ExpectIdentifier());
    if (!ts.Accept("CASCADE")) ts.Accept("RESTRICT");  // nothing depends on a column
  } else if (ts.Accept("ALTER")) {
    ts.Accept("COLUMN");
    KALAM_ASSIGN_OR_RETURN(change->column, ts.ExpectIdentifier());
    if (ts.AcceptAll({"SET", "DEFAULT"})) {
      change->action = Action::kSetDefault;
      change->spec.name = change->column;
      // The column's type is known only to the handler: the literal is checked there.
      change->spec.type = DataType::Of(TypeId::kText);
      KALAM_RETURN_IF_ERROR(ParseDefaultValue(ts, &change->spec));
    } else if (ts.AcceptAll({"DROP", "DEFAULT"})) {
      change->action = Action::kDropDefault;
    } else if (ts.AcceptAll({"SET", "NOT", "NULL"})) {
      change->action = Action::kSetNotNull;
    } else if (ts.AcceptAll({"DROP", "NOT", "NULL"})) {
      change->action = Action::kDropNotNull;
    } else {
      return ts.SyntaxError();
    }
  } else if (ts.AcceptAll({"SET", "ACCESS_LEVEL"})) {
    change->action = Action::kSetAccessLevel;
    ts.AcceptOperator("=");
    const Token& t = ts.Peek();
    if (t.type != TokenType::kString && t.type != TokenType::kIdentifier) return ts.SyntaxError();
    auto level = ParseEnum<AccessLevel>(ts.Next().text);
    if (!level.ok()) return ts.ErrorAt(t, ErrorCode::kInvalidParameter, level.error().message());
    change->access_level = *level;
  } else {
    return ts.SyntaxError();
  }
  return Status::OK();
}

}  // namespace

Result<Statement> ParseAlterTable(TokenStream& ts) {
  const bool if_exists = ts.AcceptAll({"IF", "EXISTS"});
  ts.Accept("ONLY");  // pg_dump's: a table has no inheritance children here
  KALAM_ASSIGN_OR_RETURN(TableRef ref, ParseTableRef(ts));
  AlterTable alter(std::move(ref));
  alter.if_exists = if_exists;
  const Token& verb = ts.Peek();
  if (verb.IsKeyword("RENAME")) {
    if (ts.Peek(1).IsKeyword("TO") || ts.Peek(1).IsKeyword("CONSTRAINT")) {
      return ts.ErrorAt(ts.Peek(1), ErrorCode::kFeatureNotSupported,
                        "renaming a table or a constraint is not supported: create a new table and copy the rows "
                        "(INSERT … SELECT)");
    }
    ts.Next();  // RENAME [COLUMN] a TO b
    ts.Accept("COLUMN");
    AlterTable::Change rename;
    rename.action = AlterTable::Action::kRenameColumn;
    KALAM_ASSIGN_OR_RETURN(rename.column, ts.ExpectIdentifier());
    KALAM_RETURN_IF_ERROR(ts.Expect("TO"));
    const Token& t = ts.Peek();
    KALAM_ASSIGN_OR_RETURN(rename.new_name, ts.ExpectIdentifier());
    if (!IsValidIdentifier(rename.new_name)) {
      return ts.ErrorAt(t, ErrorCode::kInvalidParameter, fmt::format("invalid column name \"{}\"", rename.new_name));
    }
    alter.changes.push_back(std::move(rename));
  } else {
    while (true) {
      KALAM_RETURN_IF_ERROR(ParseAlterChange(ts, &alter.changes.emplace_back()));
      if (!ts.Peek().IsPunct(',')) break;
      ts.Next();
    }
  }
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(std::move(alter));
}

Result<Statement> ParseDescribeTable(TokenStream& ts) {
  ts.Accept("TABLE");
  KALAM_ASSIGN_OR_RETURN(TableRef t, ParseTableRef(ts));
  KALAM_RETURN_IF_ERROR(ts.ExpectEnd());
  return Statement(DescribeTable(std::move(t)));
}

}  // namespace kalam::sql::internal
