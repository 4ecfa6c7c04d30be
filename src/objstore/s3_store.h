#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "objstore/object_store.h"
#include "objstore/sigv4.h"

namespace kalam::objstore {

/// Where an S3 storage's objects are and how to reach them.
struct S3Location {
  std::string bucket;
  std::string prefix;    // "" or ending in '/'
  std::string endpoint;  // scheme://host[:port], no trailing '/'
  std::string host;      // the Host header (signed)
  bool path_style = true;  // endpoint/bucket/key (S3-compatible servers) vs bucket.endpoint/key
  SigV4Key key;
};

/// From a storage's uri (`s3://bucket/prefix/`) and credentials JSON (`access_key_id`,
/// `secret_access_key`, `region` (us-east-1), `endpoint` (AWS when absent), `path_style` (true when an
/// endpoint is given)). INVALID_PARAMETER for a malformed uri or credentials.
Result<S3Location> ParseS3Location(std::string_view uri, std::string_view credentials);

/// An S3 object store over libcurl, every request signed with SigV4 and `x-amz-content-sha256`.
std::unique_ptr<ObjectStore> OpenS3(S3Location where);

}  // namespace kalam::objstore
