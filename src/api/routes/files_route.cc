#include "api/multipart.h"
#include "api/responses.h"
#include "api/routes/route_support.h"
#include "api/routes/routes.h"
#include "exec/user_files.h"

namespace kalam::api::routes {
namespace {

constexpr std::string_view kPrefix = "/v1/files/";

Status NoFiles() { return Status(ErrorCode::kFeatureNotSupported, "per-user files are not available"); }

HttpResponse UploadNow(const HttpRequest& req, ApiContext& ctx) {
  const int64_t start_us = ctx.clock->NowMicros();
  auto took = [&] { return static_cast<double>(ctx.clock->NowMicros() - start_us) / 1000.0; };
  auto caller = ctx.authenticator->Authenticate(req.authorization, req.client_addr);
  if (!caller.ok()) return ErrorResponse(caller.error(), took());
  if (ctx.files == nullptr) return ErrorResponse(NoFiles(), took());
  auto parts = ParseMultipart(req.content_type, req.body);
  if (!parts.ok()) return ErrorResponse(parts.error(), took());
  const MultipartPart* file = nullptr;
  for (const auto& part : *parts) {
    if (part.name == "file") file = &part;
  }
  if (file == nullptr) {
    return ErrorResponse(Status(ErrorCode::kInvalidParameter, "the form has no field \"file\""), took());
  }
  auto stored = ctx.files->Store(*caller, file->filename, file->content_type, file->data);
  if (!stored.ok()) return ErrorResponse(stored.error(), took());
  HttpResponse response;
  response.body = exec::UserFiles::ToJson(*stored);
  return response;
}

HttpResponse DownloadNow(const HttpRequest& req, ApiContext& ctx) {
  auto caller = ctx.authenticator->Authenticate(req.authorization, req.client_addr);
  if (!caller.ok()) return ErrorResponse(caller.error(), 0.0);
  if (ctx.files == nullptr) return ErrorResponse(NoFiles(), 0.0);
  auto loaded = ctx.files->Load(*caller, PathId(req, kPrefix));
  if (!loaded.ok()) return ErrorResponse(loaded.error(), 0.0);
  HttpResponse response;
  response.content_type = loaded->first.mime;
  response.body = std::move(loaded->second);
  return response;
}

}  // namespace

Routed FilesUpload(const HttpRequest& req, ApiContext& ctx) { return DeferredByCredentials(req, ctx, UploadNow); }

Routed FilesDownload(const HttpRequest& req, ApiContext& ctx) { return DeferredByCredentials(req, ctx, DownloadNow); }

}  // namespace kalam::api::routes
