// SPDX-License-Identifier: GPL-2.0
// A JSON document as every guardcheck file is written: two-space indented,
// a final newline, and valid UTF-8 whatever the strings held (a byte that
// is not becomes U+FFFD instead of an exception halfway through a report).
#ifndef GUARDCHECK_TEXT_JSON_DUMP_H
#define GUARDCHECK_TEXT_JSON_DUMP_H

#include <nlohmann/json.hpp>

#include <string>

namespace guardcheck::text
{

template <typename Json> std::string json_document(const Json &j)
{
	return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

} // namespace guardcheck::text

#endif
