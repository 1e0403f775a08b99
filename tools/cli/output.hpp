#pragma once
// How results are printed: short text for people, or JSON (--json) for programs.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <useapi/luma.hpp>
#include <vector>

namespace useapi::luma::cli {

/// The JSON of a record the API sent (`raw`), or null when it is empty or not JSON.
nlohmann::json parsedRaw(const std::string& raw);
/// A job as the CLI reports it: jobid, type, status, error, media URLs, saved files, record.
nlohmann::json jobJson(const Job& job, const std::vector<std::filesystem::path>& files = {});
/// An account: the API's record as received.
nlohmann::json accountJson(const Account& account);
/// Prints `document` as the one JSON document on stdout.
void printJson(const nlohmann::json& document);

/// "jobid  status" followed by the error or the media URLs, one per line.
void printJob(std::ostream& out, const Job& job);
/// "email  user_id  executing/concurrency  error".
void printAccount(std::ostream& out, const Account& account);

}  // namespace useapi::luma::cli
