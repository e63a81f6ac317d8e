// SPDX-License-Identifier: GPL-2.0
// SHA-256 of a byte string, as lowercase hex: the identity of a series.
#ifndef GUARDCHECK_SERIES_SHA256_H
#define GUARDCHECK_SERIES_SHA256_H

#include <string>
#include <string_view>

namespace guardcheck::series
{

std::string sha256_hex(std::string_view data);

} // namespace guardcheck::series

#endif
