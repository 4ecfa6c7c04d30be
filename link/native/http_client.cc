#include "link/native/http_client.h"

#include <curl/curl.h>

#include "link/core/protocol.h"

namespace kalam::link {
namespace {

size_t Collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

int Progress(void* flag, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<std::atomic<bool>*>(flag)->load() ? 1 : 0;  // non-zero aborts
}

Error ConnectionError(std::string message) {
  Error e;
  e.code = "CONNECTION_ERROR";
  e.sqlstate = "08006";
  e.message = std::move(message);
  return e;
}

}  // namespace

HttpClient::HttpClient(ClientOptions options) : options_(std::move(options)) {
  while (!options_.url.empty() && options_.url.back() == '/') options_.url.pop_back();
  static const bool initialized = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  (void)initialized;
  curl_ = curl_easy_init();
}

HttpClient::~HttpClient() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

HttpClient::Raw HttpClient::Request(const char* method, const std::string& path, const std::string* body) {
  Raw raw;
  CURL* curl = static_cast<CURL*>(curl_);
  if (curl == nullptr) {
    raw.error = ConnectionError("libcurl could not be initialised");
    return raw;
  }
  cancel_.store(false);
  curl_easy_reset(curl);
  const std::string url = options_.url + path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_ms));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &raw.body);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, Progress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &cancel_);
  curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
  struct curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  const std::string auth = "Authorization: " + authorization_;
  if (!authorization_.empty()) headers = curl_slist_append(headers, auth.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  if (body != nullptr) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body->size()));
  }
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
  const CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  if (rc == CURLE_ABORTED_BY_CALLBACK) {
    Error e;
    e.code = "QUERY_CANCELED";
    e.sqlstate = "57014";
    e.message = "canceling statement due to user request";
    raw.error = e;
    return raw;
  }
  if (rc != CURLE_OK) {
    raw.error = ConnectionError(curl_easy_strerror(rc));
    return raw;
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  raw.status = static_cast<int>(status);
  return raw;
}

Health HttpClient::CheckHealth() {
  Raw raw = Request("GET", "/v1/api/healthcheck", nullptr);
  if (raw.error) {
    Health h;
    h.error = raw.error;
    return h;
  }
  return DecodeHealthResponse(raw.status, raw.body);
}

LoginResult HttpClient::Login(std::string_view username, std::string_view password) {
  const std::string body = EncodeLoginRequest(username, password);
  Raw raw = Request("POST", "/v1/api/auth/login", &body);
  if (raw.error) {
    LoginResult r;
    r.error = raw.error;
    return r;
  }
  LoginResult r = DecodeLoginResponse(raw.status, raw.body);
  if (!r.error) authorization_ = "Bearer " + r.token;
  return r;
}

Response HttpClient::Execute(std::string_view sql, const std::vector<Cell>& params) {
  return PostSql(EncodeSqlRequest(sql, params));
}

Response HttpClient::PostSql(const std::string& body) {
  Raw raw = Request("POST", "/v1/api/sql", &body);
  if (raw.error) {
    Response r;
    r.error = raw.error;
    return r;
  }
  return DecodeSqlResponse(raw.status, raw.body);
}

}  // namespace kalam::link

namespace kalam::link {

Response HttpClient::Execute(const PreparedStatement& statement, const std::vector<Cell>& params) {
  std::string error;
  auto body = statement.Encode(params, &error);
  if (!body) {
    Response r;
    Error e;
    e.code = "INVALID_PARAMETER";
    e.sqlstate = "22023";
    e.message = error;
    r.error = e;
    return r;
  }
  return PostSql(*body);
}

}  // namespace kalam::link
