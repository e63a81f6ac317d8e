// SPDX-License-Identifier: GPL-2.0
// What the guest's init (qemu/init) and the host agree on, spelled once.
// Header-only and without project dependencies: the init is cross-compiled
// for every arch.
//
// Host to guest, on the kernel command line, words the init reads from
// /proc/cmdline:
//   guardcheck.run=suite|bench|all     what to run (default suite)
//   guardcheck.timeout=<seconds>       the bound of each test binary
//   guardcheck.poweroff=poweroff|reboot how the guest ends (arch record)
//
// Guest to host, on the serial console, in this order:
//   - the suite as KTAP; the guest's facts (kernel release and arch, config
//     options, its own troubles) as "# guardcheck: ..." diagnostics; one
//     top-level test per binary, "selftests: guard_regions: <binary>", and
//     upstream's selftest beside them as "selftests: upstream: <binary>";
//   - each benchmark's output between "GUARDCHECK-BENCH-BEGIN <name>" and
//     "GUARDCHECK-BENCH-END <name> rc=<exit status>";
//   - the kernel's log while the tests and benchmarks run, one
//     "GUARDCHECK-KMSG <message>" line per record, printed before the test
//     output that came after it (the console itself prints only
//     emergencies then: a panic, an oops or a hung task still arrive
//     directly);
//   - last, the sentinel "GUARDCHECK-DONE passed=P failed=F skipped=S
//     crashed=C bench_failed=B", the guest's own counts. A console that
//     ends without it is a guest that died.
// Every line of the init's own begins with "GUARDCHECK-" or is KTAP; the
// kernel starts none of its lines so.
#ifndef GUARDCHECK_PROTOCOL_H
#define GUARDCHECK_PROTOCOL_H

#include <charconv>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace guardcheck::protocol
{

// The kernel command line.
constexpr std::string_view param_prefix = "guardcheck.";
constexpr std::string_view param_run = "run";
constexpr std::string_view param_timeout = "timeout";
constexpr std::string_view param_poweroff = "poweroff";

constexpr std::string_view run_suite = "suite";
constexpr std::string_view run_bench = "bench";
constexpr std::string_view run_all = "all";

constexpr std::string_view poweroff_off = "poweroff";
constexpr std::string_view poweroff_reboot = "reboot";

// "guardcheck.<name>=<value>"
inline std::string param(std::string_view name, std::string_view value)
{
	std::string word(param_prefix);
	word.append(name).append("=").append(value);
	return word;
}

// The console.
constexpr std::string_view frame_prefix = "GUARDCHECK-";
// A frame line starts with its tag; the benchmark's name follows.
constexpr std::string_view bench_begin = "GUARDCHECK-BENCH-BEGIN ";
constexpr std::string_view bench_end = "GUARDCHECK-BENCH-END ";
constexpr std::string_view bench_rc = " rc=";
constexpr std::string_view done = "GUARDCHECK-DONE";
// A kernel log record the init relayed from /dev/kmsg.
constexpr std::string_view kmsg_prefix = "GUARDCHECK-KMSG ";

// A fact, behind KTAP's "# " on the console.
constexpr std::string_view fact_prefix = "guardcheck: ";
// "guardcheck: kernel <release> arch <machine>"
constexpr std::string_view fact_kernel = "kernel";
constexpr std::string_view fact_arch = "arch";
constexpr std::string_view fact_config = "config";

constexpr std::string_view suite_collection = "selftests: guard_regions: ";
constexpr std::string_view reference_collection = "selftests: upstream: ";

inline bool is_reference(std::string_view top_level_name)
{
	return top_level_name.starts_with(reference_collection);
}

inline std::string fact(std::string_view text)
{
	return std::string(fact_prefix).append(text);
}

inline std::string bench_begin_line(std::string_view name)
{
	return std::string(bench_begin).append(name);
}

inline std::string bench_end_line(std::string_view name, int rc)
{
	return std::string(bench_end).append(name).append(bench_rc).append(
		std::to_string(rc));
}

// One /dev/kmsg record ("<prio>,<seq>,<usec>,<flags>;<text>\n" and then
// " KEY=value" lines) as the console line that relays it: the prefix and
// the text, the kernel's \xNN escapes kept.
inline std::string kmsg_line(std::string_view record)
{
	std::string line(kmsg_prefix);
	const std::size_t text = record.find(';');
	if (text == std::string_view::npos)
		return line.append(record.substr(0, record.find('\n')));
	const std::string_view rest = record.substr(text + 1);
	return line.append(rest.substr(0, rest.find('\n')));
}

// The record's log level (0 KERN_EMERG .. 7 KERN_DEBUG): the low bits of
// its first field, which also carries the facility; -1 when it has none.
inline int kmsg_level(std::string_view record)
{
	int prio = 0;
	const char *end = record.data() + record.size();
	const auto [at, ec] = std::from_chars(record.data(), end, prio);
	if (ec != std::errc() || at == end || *at != ',' || prio < 0)
		return -1;
	return prio & 7;
}

struct done_counts {
	int passed = 0;
	int failed = 0;
	int skipped = 0;
	int crashed = 0;
	int bench_failed = 0;
};

inline std::string done_line(const done_counts &c)
{
	return std::string(done) + " passed=" + std::to_string(c.passed) +
	       " failed=" + std::to_string(c.failed) +
	       " skipped=" + std::to_string(c.skipped) +
	       " crashed=" + std::to_string(c.crashed) +
	       " bench_failed=" + std::to_string(c.bench_failed);
}

// The counts of a console line that holds the sentinel anywhere (kernel
// output can precede it on the line). bench_failed is not read: the host
// counts the benchmark frames itself.
inline std::optional<done_counts> parse_done(std::string_view line)
{
	const std::size_t at = line.find(done);
	if (at == std::string_view::npos)
		return std::nullopt;
	done_counts c;
	const std::string rest(line.substr(at + done.size()));
	if (std::sscanf(rest.c_str(),
			" passed=%d failed=%d skipped=%d crashed=%d", &c.passed,
			&c.failed, &c.skipped, &c.crashed) != 4)
		return std::nullopt;
	return c;
}

} // namespace guardcheck::protocol

#endif
