// SPDX-License-Identifier: GPL-2.0
#include "bench/compare_report.h"

#include "bench/clock_report.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <sstream>

namespace guardcheck::bench
{

namespace
{

constexpr const char *backings[] = {"anon", "shmem", "file_shared",
				    "file_private"};
constexpr const char *guards[] = {"guard", "none"};

std::string objects(const std::optional<double> &v)
{
	return v ? "+" + figure("%.0f", *v) : "n/a";
}

nlohmann::json kernel_json(const kernel_point &k)
{
	nlohmann::json j = {{"median_us", k.median_us},
			    {"min_us", k.min_us},
			    {"max_us", k.max_us},
			    {"cv", k.cv},
			    {"cv_within_boot", k.cv_within_boot},
			    {"samples", k.samples},
			    {"rounds", k.times_us.size()},
			    {"times_us", k.times_us}};
	if (k.anon_vma_added)
		j["anon_vma_added"] = *k.anon_vma_added;
	if (k.anon_vma_chain_added)
		j["anon_vma_chain_added"] = *k.anon_vma_chain_added;
	return j;
}

} // namespace

std::string figure(const char *format, double v)
{
	char buf[64];
	std::snprintf(buf, sizeof(buf), format, v);
	return buf;
}

std::string markdown_table(const comparison &c)
{
	const std::string &o = c.base_label, &n = c.new_label;
	std::ostringstream md;
	md << "# fork latency: " << o << " (old) against " << n << " (new)\n\n"
	   << "Per point: median of every repetition of every boot, min-max, "
	      "coefficient of variation (CV) over those repetitions and, in "
	      "parentheses, the mean of each boot's own CV (the difference is "
	      "what changed between boots); ratio "
	      "old/new of the medians with a "
	   << figure("%.0f", c.confidence * 100)
	   << " % percentile interval from a two-level bootstrap (boots, "
	      "then repetitions within a boot; 4000 resamples). `*`: the "
	      "interval excludes 1. anon_vma columns: objects a fork added "
	      "(median).\n\n"
	   << "Figures in " << c.unit << ".\n\n"
	   << spread_lines(c) << "\n"
	   << "| point | " << o << " median " << c.unit << " | " << o
	   << " min-max | " << o << " CV | " << n << " median " << c.unit
	   << " | " << n << " min-max | " << n
	   << " CV | old/new [CI] | anon_vma +old/+new | anon_vma_chain "
	      "+old/+new |\n"
	   << "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n";
	for (const compared_point &p : c.points) {
		md << "| " << p.key.name() << " | "
		   << figure("%.1f", p.base.median_us) << " | "
		   << figure("%.1f", p.base.min_us) << "-"
		   << figure("%.1f", p.base.max_us) << " | "
		   << figure("%.1f %%", p.base.cv * 100) << " ("
		   << figure("%.1f %%", p.base.cv_within_boot * 100) << ") | "
		   << figure("%.1f", p.next.median_us) << " | "
		   << figure("%.1f", p.next.min_us) << "-"
		   << figure("%.1f", p.next.max_us) << " | "
		   << figure("%.1f %%", p.next.cv * 100) << " ("
		   << figure("%.1f %%", p.next.cv_within_boot * 100) << ") | "
		   << figure("%.3f", p.ratio) << " ["
		   << figure("%.3f", p.ratio_ci.lo) << ", "
		   << figure("%.3f", p.ratio_ci.hi) << "]"
		   << (p.significant() ? " *" : "") << " | "
		   << objects(p.base.anon_vma_added) << " / "
		   << objects(p.next.anon_vma_added) << " | "
		   << objects(p.base.anon_vma_chain_added) << " / "
		   << objects(p.next.anon_vma_chain_added) << " |\n";
	}
	if (!c.guard_effects.empty()) {
		md << "\n## What a guard page costs a fork\n\n"
		   << "Per mode, backing and VMA count: median(guard) / "
		      "median(none) on each kernel, and old/new of those with "
		      "the same bootstrap (the four point sets drawn "
		      "independently). Changes between the kernels that slow "
		      "or speed guarded and unguarded mappings alike cancel; "
		      "> 1: a guard page costs the old kernel's fork more.\n\n"
		   << "| point | " << o << " guard/none | " << n
		   << " guard/none | old/new [CI] |\n"
		   << "|---|--:|--:|--:|\n";
		for (const guard_effect &e : c.guard_effects)
			md << "| " << e.mode << "/" << e.backing << "/"
			   << e.vmas << " | " << figure("%.3f", e.base) << " | "
			   << figure("%.3f", e.next) << " | "
			   << figure("%.3f", e.ratio) << " ["
			   << figure("%.3f", e.ratio_ci.lo) << ", "
			   << figure("%.3f", e.ratio_ci.hi) << "]"
			   << (e.significant() ? " *" : "") << " |\n";
	}
	if (!c.unmatched.empty()) {
		md << "\nPoints only one kernel produced:";
		for (const std::string &u : c.unmatched)
			md << " " << u;
		md << "\n";
	}
	return md.str();
}

std::string comparison_json(const comparison &c)
{
	nlohmann::json j = {{"base", c.base_label},
			    {"new", c.new_label},
			    {"confidence", c.confidence},
			    {"interval_method",
			     "two-level bootstrap percentile interval of "
			     "median(old)/median(new)"},
			    {"unmatched", c.unmatched},
			    {"points", nlohmann::json::array()}};
	for (const compared_point &p : c.points)
		j["points"].push_back(
			{{"name", p.key.name()},
			 {"mode", p.key.mode},
			 {"backing", p.key.backing},
			 {"guard", p.key.guard},
			 {"vmas", p.key.vmas},
			 {"base", kernel_json(p.base)},
			 {"new", kernel_json(p.next)},
			 {"ratio", p.ratio},
			 {"ratio_ci", {p.ratio_ci.lo, p.ratio_ci.hi}},
			 {"significant", p.significant()}});
	j["unit"] = c.unit;
	j["guard_effects"] = nlohmann::json::array();
	for (const guard_effect &e : c.guard_effects)
		j["guard_effects"].push_back(
			{{"mode", e.mode},
			 {"backing", e.backing},
			 {"vmas", e.vmas},
			 {"base_guard_over_none", e.base},
			 {"new_guard_over_none", e.next},
			 {"ratio", e.ratio},
			 {"ratio_ci", {e.ratio_ci.lo, e.ratio_ci.hi}},
			 {"significant", e.significant()}});
	return j.dump(2) + "\n";
}

std::string plot_data(const comparison &c, const std::string &mode)
{
	std::ostringstream d;
	for (const char *b : backings)
		for (const char *g : guards) {
			d << "# " << mode << "/" << b << "/" << g
			  << ": vmas, old median min max, new median min "
			     "max ("
			  << c.unit << ")\n";
			for (const compared_point &p : c.points)
				if (p.key.mode == mode && p.key.backing == b &&
				    p.key.guard == g)
					d << p.key.vmas << " "
					  << p.base.median_us << " "
					  << p.base.min_us << " "
					  << p.base.max_us << " "
					  << p.next.median_us << " "
					  << p.next.min_us << " "
					  << p.next.max_us << "\n";
			// gnuplot needs a line in every block it indexes
			d << "\n\n";
		}
	return d.str();
}

std::string plot_script(const comparison &c, const std::string &mode,
			const std::string &stem)
{
	const std::string what = mode == "fork" ? "fork() in the parent"
						: "fork + child exit + wait";
	std::ostringstream s;
	for (const auto &[term, ext] :
	     {std::pair{"pngcairo noenhanced size 1400,1000", "png"},
	      {"svg noenhanced size 1400,1000 dynamic", "svg"}}) {
		s << "set terminal " << term << "\n"
		  << "set output '" << stem << "." << ext << "'\n"
		  << "set multiplot layout 2,2 title '" << what << ": "
		  << c.base_label << " (old) vs " << c.new_label
		  << " (new), median with min-max'\n"
		  << "set logscale xy\nset xlabel 'VMAs'\n"
		  << "set ylabel 'latency (" << c.unit
		  << ")'\nset key top left\n"
		  << "set grid\nset xrange [0.7:12000]\n";
		int block = 0;
		for (const char *b : backings) {
			s << "set title '" << b << "'\nplot ";
			for (int g = 0; g < 2; g++, block++) {
				const std::string gi = std::to_string(block);
				const std::string gn = guards[g];
				s << (g ? ", \\\n  " : "") << "'" << stem
				  << ".dat' index " << gi
				  << " using 1:2:3:4 with yerrorlines lw 2 "
				     "dt "
				  << (g ? 2 : 1) << " lc 1 title '"
				  << c.base_label << " " << gn << "', '" << stem
				  << ".dat' index " << gi
				  << " using 1:5:6:7 with yerrorlines lw 2 "
				     "dt "
				  << (g ? 2 : 1) << " lc 2 title '"
				  << c.new_label << " " << gn << "'";
			}
			s << "\n";
		}
		s << "unset multiplot\nunset output\n";
	}
	return s.str();
}

} // namespace guardcheck::bench
