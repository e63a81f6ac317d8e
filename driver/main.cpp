// SPDX-License-Identifier: GPL-2.0
// guardcheck: the one driver. `guardcheck VERB [options]`; `guardcheck help`
// lists the verbs, `guardcheck VERB --help` a verb's options. Exit 0 PASS,
// 1 FAIL, 2 no verdict; with --bisect-exit, no verdict is 125 (git bisect
// run: skip this commit).
#include "cli/tool_main.h"
#include "driver.h"

#include <cstdio>
#include <string>

using namespace guardcheck;

namespace
{

std::string verb_list()
{
	std::string h = "usage: guardcheck VERB [options] [--bisect-exit]\n"
			"verbs:\n";
	for (const driver::verb &v : driver::verbs()) {
		std::string name = std::string("  ") + v.name;
		name.resize(17, ' ');
		h += name + v.summary + "\n";
	}
	h += "`guardcheck VERB --help` lists a verb's options.\n"
	     "exit: 0 PASS, 1 FAIL, 2 no verdict (bad input too); "
	     "--bisect-exit turns 2 into 125\n"
	     "(git bisect run: skip a commit that cannot be judged).\n";
	return h;
}

int dispatch(const driver::words &all)
{
	if (all.empty())
		throw cli::usage_error("no verb given\n" + verb_list());
	const std::string &name = all.front();
	if (name == "help" || name == "-h" || name == "--help") {
		std::fputs(verb_list().c_str(), stdout);
		return 0;
	}
	for (const driver::verb &v : driver::verbs())
		if (name == v.name)
			return v.run(driver::words(all.begin() + 1, all.end()));
	throw cli::usage_error("unknown verb '" + name +
			       "'; `guardcheck help` lists the verbs");
}

} // namespace

int main(int argc, char **argv)
{
	driver::words all;
	bool bisect_exit = false;
	const std::string self = argv[0];
	if (self.size() >= 17 &&
	    self.compare(self.size() - 17, 17, "guardcheck-series") == 0) {
		for (int i = 1; i < argc; i++)
			all.emplace_back(argv[i]);
		return cli::tool_main("guardcheck-series", [&] {
			return driver::series_alias(all);
		});
	}
	for (int i = 1; i < argc; i++) {
		const std::string w = argv[i];
		if (w == "--bisect-exit")
			bisect_exit = true;
		else
			all.push_back(w);
	}
	const int rc =
		cli::tool_main("guardcheck", [&] { return dispatch(all); });
	return bisect_exit && rc >= 2 ? 125 : rc;
}
