#include <chrono>
#include <ctime>
#include <mutex>

#include <curl/curl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "objstore/object_store.h"
#include "objstore/s3_store.h"
#include "objstore/sigv4.h"

namespace kalam::objstore {
namespace {

struct Response {
  long status = 0;
  std::string body;
};

size_t Collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

std::string AmzDate() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

/// The text of every <tag>…</tag> in an S3 XML answer (keys are XML-escaped: unescape the five).
std::vector<std::string> XmlValues(const std::string& xml, const std::string& tag) {
  std::vector<std::string> out;
  const std::string open = "<" + tag + ">", close = "</" + tag + ">";
  for (size_t pos = xml.find(open); pos != std::string::npos; pos = xml.find(open, pos)) {
    pos += open.size();
    size_t end = xml.find(close, pos);
    if (end == std::string::npos) break;
    std::string v = xml.substr(pos, end - pos);
    std::string plain;
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i] != '&') {
        plain.push_back(v[i]);
        continue;
      }
      static constexpr std::pair<std::string_view, char> kEntities[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
      bool matched = false;
      for (auto [entity, c] : kEntities) {
        if (v.compare(i, entity.size(), entity) == 0) {
          plain.push_back(c);
          i += entity.size() - 1;
          matched = true;
          break;
        }
      }
      if (!matched) plain.push_back('&');
    }
    out.push_back(std::move(plain));
    pos = end + close.size();
  }
  return out;
}

class S3Store final : public ObjectStore {
 public:
  explicit S3Store(S3Location where) : where_(std::move(where)) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }

  Status Put(std::string_view path, std::string_view bytes) override {
    KALAM_RETURN_IF_ERROR(CheckRelativePath(path));
    KALAM_ASSIGN_OR_RETURN(Response r, Call("PUT", KeyOf(path), {}, bytes));
    return Expect(r, 200, "PUT", path);
  }

  Result<std::string> Get(std::string_view path) const override {
    KALAM_RETURN_IF_ERROR(CheckRelativePath(path));
    KALAM_ASSIGN_OR_RETURN(Response r, Call("GET", KeyOf(path), {}, {}));
    if (r.status == 404) return Status(ErrorCode::kInvalidParameter, fmt::format("no such object: {}", path));
    KALAM_RETURN_IF_ERROR(Expect(r, 200, "GET", path));
    return std::move(r.body);
  }

  Result<std::vector<std::string>> List(std::string_view prefix) const override {
    KALAM_RETURN_IF_ERROR(CheckRelativePath(prefix));
    std::string dir = KeyOf(prefix);
    if (!dir.empty() && dir.back() != '/') dir.push_back('/');
    std::vector<std::string> out;
    std::string token;
    do {
      std::vector<std::pair<std::string, std::string>> query = {{"list-type", "2"}, {"prefix", dir}};
      if (!token.empty()) query.emplace_back("continuation-token", token);
      KALAM_ASSIGN_OR_RETURN(Response r, Call("GET", "", query, {}));
      KALAM_RETURN_IF_ERROR(Expect(r, 200, "LIST", prefix));
      for (auto& key : XmlValues(r.body, "Key")) out.push_back(key.substr(where_.prefix.size()));
      auto truncated = XmlValues(r.body, "IsTruncated");
      auto next = XmlValues(r.body, "NextContinuationToken");
      token = !truncated.empty() && truncated[0] == "true" && !next.empty() ? next[0] : "";
    } while (!token.empty());
    std::sort(out.begin(), out.end());
    return out;
  }

  Status EnsureDirectory(std::string_view path) override { return CheckRelativePath(path); }

  Status Delete(std::string_view path) override {
    KALAM_RETURN_IF_ERROR(CheckRelativePath(path));
    KALAM_ASSIGN_OR_RETURN(Response r, Call("DELETE", KeyOf(path), {}, {}));
    if (r.status != 204 && r.status != 200 && r.status != 404) return Expect(r, 204, "DELETE", path);
    return Status::OK();
  }

  Status DeleteTree(std::string_view prefix) override {
    KALAM_ASSIGN_OR_RETURN(auto keys, List(prefix));
    for (const auto& key : keys) KALAM_RETURN_IF_ERROR(Delete(key));
    return Status::OK();
  }

 private:
  std::string KeyOf(std::string_view path) const { return where_.prefix + std::string(path); }

  static Status Expect(const Response& r, long want, std::string_view op, std::string_view path) {
    if (r.status == want) return Status::OK();
    auto messages = XmlValues(r.body, "Message");
    return Status(ErrorCode::kInternal, fmt::format("S3 {} {}: HTTP {}{}", op, path, r.status,
                                                    messages.empty() ? "" : ": " + messages[0]));
  }

  /// One signed request; `key` is the object key ("" = the bucket).
  Result<Response> Call(const std::string& method, const std::string& key,
                        std::vector<std::pair<std::string, std::string>> query, std::string_view body) const {
    std::string path = where_.path_style ? "/" + where_.bucket + "/" + key : "/" + key;
    std::string canonical_path = UriEncode(path, false);
    std::sort(query.begin(), query.end());
    std::string canonical_query;
    for (const auto& [k, v] : query) {
      if (!canonical_query.empty()) canonical_query += "&";
      canonical_query += UriEncode(k, true) + "=" + UriEncode(v, true);
    }
    const std::string date = AmzDate();
    const std::string payload = Sha256Hex(body);
    SigV4Request req{method, canonical_path, canonical_query,
                     {{"host", where_.host}, {"x-amz-content-sha256", payload}, {"x-amz-date", date}},
                     payload};
    const std::string authorization = SignV4(req, where_.key, date);

    CURL* curl = curl_easy_init();
    if (curl == nullptr) return Status(ErrorCode::kInternal, "curl_easy_init failed");
    std::string url = where_.endpoint + canonical_path + (canonical_query.empty() ? "" : "?" + canonical_query);
    curl_slist* headers = nullptr;
    for (const std::string& h : {"Authorization: " + authorization, "x-amz-content-sha256: " + payload,
                                 "x-amz-date: " + date, std::string("Expect:")}) {
      headers = curl_slist_append(headers, h.c_str());
    }
    Response response;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (method == "PUT") {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 300L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) {
      return Status(ErrorCode::kInternal, fmt::format("S3 {} {}: {}", method, url, curl_easy_strerror(rc)));
    }
    return response;
  }

  S3Location where_;
};

}  // namespace

Result<S3Location> ParseS3Location(std::string_view uri, std::string_view credentials) {
  if (uri.rfind("s3://", 0) != 0) return Status(ErrorCode::kInvalidParameter, fmt::format("not an s3:// URI: {}", uri));
  std::string_view rest = uri.substr(5);
  size_t slash = rest.find('/');
  S3Location where;
  where.bucket = std::string(rest.substr(0, slash));
  if (where.bucket.empty()) return Status(ErrorCode::kInvalidParameter, fmt::format("no bucket in {}", uri));
  where.prefix = slash == std::string_view::npos ? "" : std::string(rest.substr(slash + 1));
  if (!where.prefix.empty() && where.prefix.back() != '/') where.prefix.push_back('/');
  auto json = nlohmann::json::parse(credentials.empty() ? std::string_view("{}") : credentials, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Status(ErrorCode::kInvalidParameter, "storage credentials must be a JSON object");
  }
  auto text = [&](const char* name, const char* fallback) {
    auto it = json.find(name);
    return it != json.end() && it->is_string() ? it->get<std::string>() : std::string(fallback);
  };
  where.key = SigV4Key{text("access_key_id", ""), text("secret_access_key", ""), text("region", "us-east-1"), "s3"};
  std::string endpoint = text("endpoint", "");
  if (endpoint.empty()) {
    where.endpoint = fmt::format("https://{}.s3.{}.amazonaws.com", where.bucket, where.key.region);
    where.path_style = false;
  } else {
    while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
    where.endpoint = endpoint;
    auto style = json.find("path_style");
    where.path_style = style == json.end() || !style->is_boolean() || style->get<bool>();
  }
  size_t scheme = where.endpoint.find("://");
  std::string host = scheme == std::string::npos ? where.endpoint : where.endpoint.substr(scheme + 3);
  where.host = host.substr(0, host.find('/'));
  return where;
}

std::unique_ptr<ObjectStore> OpenS3(S3Location where) { return std::make_unique<S3Store>(std::move(where)); }

}  // namespace kalam::objstore
