// SPDX-License-Identifier: GPL-2.0
// The options of one verb of the driver: each one a --flag with the make
// variable it stands for (make validate KDIR=... passes --kdir ...), a
// help line, and where its value goes. Parsing fails with a usage_error
// that names the problem and where the list is; the driver exits 2 on it.
#ifndef GUARDCHECK_CLI_OPTIONS_H
#define GUARDCHECK_CLI_OPTIONS_H

#include <stdexcept>
#include <string>
#include <vector>

namespace guardcheck::cli
{

// Bad input: the message names the problem and the fix.
struct usage_error : std::invalid_argument {
	using std::invalid_argument::invalid_argument;
};

class verb_options
{
public:
	verb_options(std::string verb, std::string summary)
	    : verb_(std::move(verb)), summary_(std::move(summary))
	{
	}

	// --flag VALUE (also --flag=VALUE); make_var is the make variable it
	// stands for ("" when none), shown in the help.
	verb_options &value(const std::string &flag,
			    const std::string &make_var,
			    const std::string &help, std::string &into);
	// --flag alone sets into to true.
	verb_options &toggle(const std::string &flag,
			     const std::string &make_var,
			     const std::string &help, bool &into);
	// Words that are not options go here (else they are an error).
	verb_options &operands(const std::string &name, const std::string &help,
			       std::vector<std::string> &into);

	// Parses argv (the verb's own words, without the verb). Returns false
	// when --help was asked for (the help is then printed on stdout).
	bool parse(const std::vector<std::string> &words);

	std::string help() const;

private:
	struct option {
		std::string flag, make_var, help;
		std::string *value = nullptr;
		bool *toggle = nullptr;
	};
	const option *find(const std::string &flag) const;

	std::string verb_, summary_;
	std::vector<option> options_;
	std::string operands_name_, operands_help_;
	std::vector<std::string> *operands_ = nullptr;
};

// A positive number of seconds, or usage_error naming the option.
double seconds_value(const std::string &what, const std::string &text);

} // namespace guardcheck::cli

#endif
