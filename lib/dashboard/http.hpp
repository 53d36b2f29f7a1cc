// What the dashboard's handlers see of an HTTP exchange, apart from the server that carries it
// (server.cpp, libwebsockets): a request already parsed and a response still to be sent. The
// handlers (api.hpp) are plain functions of these, so unit tests call them without a socket.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace sos::dashboard {

enum class Method : std::uint8_t { Get, Post, Other };

struct Request {
    Method method = Method::Get;
    std::string path;                          // without the query
    std::map<std::string, std::string> query;  // decoded name=value pairs
    std::string authorization;                 // the Authorization header as sent, or empty
    std::string host;                          // the Host header as sent, or empty
    std::string body;                          // a POST's body

    std::optional<std::string> arg(const std::string& name) const;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
};

// {"error": message} with `status`; the body ends with a newline.
Response error_response(int status, std::string_view message);
Response json_response(std::string body);

// "a=1&b=x%20y" as {a: 1, b: "x y"}; '+' is a space. A malformed escape is kept as written.
std::map<std::string, std::string> parse_query(std::string_view text);

}  // namespace sos::dashboard
