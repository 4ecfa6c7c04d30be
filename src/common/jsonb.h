#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"

/// PostgreSQL's jsonb operations on parsed JSON values, with PostgreSQL's answers and errors. Keys
/// keep the order they were written in (KalamDB's JSON is text, as PostgreSQL's `json`).
namespace kalam::jsonb {

using Json = nlohmann::ordered_json;

/// A text[] value: its elements, NULL elements as nullopt.
using TextArray = std::vector<std::optional<std::string>>;

/// PostgreSQL's text[] literal, `{a,b,"c d",NULL}`: INVALID_TEXT_REPRESENTATION (`malformed array
/// literal`) when it is not one. Only one dimension.
Result<TextArray> ParseTextArray(std::string_view literal);

/// The value at `path` (`#>`): each step a key of an object or an index of an array (negative
/// counts from the end); nullptr when a step is missing or NULL.
const Json* AtPath(const Json& value, const TextArray& path);

/// The text `->>` / `#>>` answer for a value: a string unquoted, anything else as compact JSON;
/// nullopt for JSON null.
std::optional<std::string> AsText(const Json& value);

/// `value ? key`: an object's key, a string element of an array, or the string itself.
bool HasKey(const Json& value, std::string_view key);

/// `container @> contained` (jsonb containment): an object contains the keys and values of the
/// other, recursively; an array every element of the other, in any order (at the top level also a
/// lone scalar it holds); a scalar an equal scalar. Numbers compare by value (1 and 1.0).
bool Contains(const Json& container, const Json& contained);

/// `a || b`: two objects merged (b's value wins), otherwise the concatenation of both as arrays
/// (a value that is not an array is a one-element array).
Json Concat(const Json& a, const Json& b);

/// `value - key`: an object without the key, an array without the string elements equal to it.
/// INVALID_PARAMETER for a scalar.
Result<Json> DeleteKey(const Json& value, std::string_view key);

/// `value - index`: an array without that element (negative counts from the end). INVALID_PARAMETER
/// for an object or a scalar.
Result<Json> DeleteIndex(const Json& value, int64_t index);

/// `value #- path`: without the element at the path (unchanged when it is missing).
/// INVALID_PARAMETER for a scalar, a NULL step or a step into an array that is not an integer.
Result<Json> DeletePath(const Json& value, const TextArray& path);

/// jsonb_set(value, path, replacement, create_if_missing): the element at the path replaced, or
/// added when only its last step is missing and `create` (an index past either end of an array
/// adds at that end). Unchanged when an earlier step is missing. INVALID_PARAMETER as DeletePath.
Result<Json> SetPath(const Json& value, const TextArray& path, const Json& replacement, bool create);

/// jsonb_insert(value, path, inserted, insert_after): inserted into an array before (after) the
/// index, or as a new key of an object (INVALID_PARAMETER `cannot replace existing key` when it is
/// there).
Result<Json> InsertPath(const Json& value, const TextArray& path, const Json& inserted, bool after);

/// jsonb_strip_nulls: every object field whose value is null removed, at any depth.
Json StripNulls(const Json& value);

/// jsonb_typeof: object, array, string, number, boolean or null.
std::string_view TypeOf(const Json& value);

/// jsonb_array_length. INVALID_PARAMETER for an object or a scalar.
Result<int32_t> ArrayLength(const Json& value);

/// jsonb_pretty: four spaces of indent per level, `"key": value`.
std::string Pretty(const Json& value);

/// Compact JSON text (invalid UTF-8 replaced).
std::string Dump(const Json& value);

}  // namespace kalam::jsonb
