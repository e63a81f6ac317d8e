// SPDX-License-Identifier: GPL-2.0
#include "bench/results.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace guardcheck::bench
{

namespace
{

double to_microseconds(double value, const std::string &unit)
{
	if (unit == "ns")
		return value / 1e3;
	if (unit == "us")
		return value;
	if (unit == "ms")
		return value * 1e3;
	if (unit == "s")
		return value * 1e6;
	throw std::runtime_error("unknown time_unit \"" + unit + "\"");
}

std::optional<double> counter(const nlohmann::json &b, const char *name)
{
	if (auto it = b.find(name); it != b.end() && it->is_number())
		return it->get<double>();
	return std::nullopt;
}

} // namespace

std::string point_key::name() const
{
	return mode + "/" + backing + "/" + guard + "/" + std::to_string(vmas);
}

std::optional<point_key> parse_point_name(std::string_view name)
{
	std::vector<std::string> parts;
	while (!name.empty() && parts.size() < 4) {
		const std::size_t slash = std::min(name.find('/'), name.size());
		parts.emplace_back(name.substr(0, slash));
		name.remove_prefix(std::min(slash + 1, name.size()));
	}
	if (parts.size() != 4 || parts[3].empty() ||
	    parts[3].find_first_not_of("0123456789") != std::string::npos)
		return std::nullopt;
	return point_key{parts[0], parts[1], parts[2], std::stol(parts[3])};
}

run_results parse_results(std::string_view text)
{
	const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
	if (doc.is_discarded() || !doc.is_object())
		throw std::runtime_error("not a JSON object");
	if (!doc.contains("benchmarks") || !doc["benchmarks"].is_array())
		throw std::runtime_error("no \"benchmarks\" array: not Google "
					 "Benchmark JSON output");
	run_results r;
	if (auto c = doc.find("context"); c != doc.end() && c->is_object())
		for (const auto &[k, v] : c->items())
			if (v.is_string())
				r.context[k] = v.get<std::string>();
	for (const nlohmann::json &b : doc["benchmarks"]) {
		const std::string name = b.value("name", "");
		if (b.value("error_occurred", false)) {
			r.errors.push_back(name + ": " +
					   b.value("error_message", "?"));
			continue;
		}
		if (b.value("run_type", "iteration") != "iteration")
			continue;
		const auto key = parse_point_name(b.value("run_name", name));
		if (!key)
			continue;
		repetition rep;
		rep.key = *key;
		rep.time_us = to_microseconds(b.at("real_time").get<double>(),
					      b.value("time_unit", "ns"));
		rep.vmas_seen = counter(b, "vmas");
		rep.anon_vma_added = counter(b, "anon_vma_added");
		rep.anon_vma_chain_added = counter(b, "anon_vma_chain_added");
		rep.label = b.value("label", "");
		r.repetitions.push_back(std::move(rep));
	}
	return r;
}

} // namespace guardcheck::bench
