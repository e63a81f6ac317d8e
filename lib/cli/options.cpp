// SPDX-License-Identifier: GPL-2.0
#include "cli/options.h"

#include <cstdio>
#include <cstdlib>

namespace guardcheck::cli
{

verb_options &verb_options::value(const std::string &flag,
				  const std::string &make_var,
				  const std::string &help, std::string &into)
{
	options_.push_back({flag, make_var, help, &into, nullptr});
	return *this;
}

verb_options &verb_options::toggle(const std::string &flag,
				   const std::string &make_var,
				   const std::string &help, bool &into)
{
	options_.push_back({flag, make_var, help, nullptr, &into});
	return *this;
}

verb_options &verb_options::operands(const std::string &name,
				     const std::string &help,
				     std::vector<std::string> &into)
{
	operands_name_ = name;
	operands_help_ = help;
	operands_ = &into;
	return *this;
}

const verb_options::option *verb_options::find(const std::string &flag) const
{
	for (const option &o : options_)
		if (o.flag == flag)
			return &o;
	return nullptr;
}

bool verb_options::parse(const std::vector<std::string> &words)
{
	const std::string more =
		"; `guardcheck " + verb_ + " --help` lists its options";
	for (std::size_t i = 0; i < words.size(); i++) {
		std::string w = words[i];
		if (w == "-h" || w == "--help") {
			std::fputs(help().c_str(), stdout);
			return false;
		}
		if (w.rfind("--", 0) != 0) {
			if (!operands_)
				throw usage_error(
					std::string("guardcheck ")
						.append(verb_)
						.append(" takes no word '")
						.append(w)
						.append("'")
						.append(more));
			operands_->push_back(w);
			continue;
		}
		std::string inline_value;
		bool has_inline = false;
		if (const auto eq = w.find('='); eq != std::string::npos) {
			inline_value = w.substr(eq + 1);
			w = w.substr(0, eq);
			has_inline = true;
		}
		const option *o = find(w);
		if (!o)
			throw usage_error(std::string("unknown option ")
						  .append(w)
						  .append(" for guardcheck ")
						  .append(verb_)
						  .append(more));
		if (o->toggle) {
			if (has_inline)
				throw usage_error(w + " takes no value" +=
						  more);
			*o->toggle = true;
			continue;
		}
		if (!has_inline) {
			if (i + 1 >= words.size())
				throw usage_error(w + " needs a value" += more);
			inline_value = words[++i];
		}
		*o->value = inline_value;
	}
	return true;
}

std::string verb_options::help() const
{
	std::string h = "usage: guardcheck " + verb_ + " [options]";
	if (operands_)
		h += " " + operands_name_ + "...";
	h += "\n  " + summary_ + "\n";
	if (operands_)
		h += "  " + operands_name_ + ": " + operands_help_ + "\n";
	h += "options (make variable in brackets):\n";
	for (const option &o : options_) {
		std::string left = "  " + o.flag + (o.value ? " V" : "");
		if (!o.make_var.empty())
			left += " [" + o.make_var + "]";
		if (left.size() < 26)
			left.resize(26, ' ');
		else
			left += "\n" + std::string(26, ' ');
		h += left + o.help + "\n";
	}
	return h;
}

double seconds_value(const std::string &what, const std::string &text)
{
	char *end = nullptr;
	const double v = std::strtod(text.c_str(), &end);
	if (text.empty() || *end || v <= 0)
		throw usage_error(what + "=" + text +
				  ": give a positive number of seconds");
	return v;
}

} // namespace guardcheck::cli
