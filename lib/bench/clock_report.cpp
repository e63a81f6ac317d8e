// SPDX-License-Identifier: GPL-2.0
#include "bench/clock_report.h"

#include "bench/compare_report.h"

#include <map>
#include <sstream>

namespace guardcheck::bench
{

namespace
{

bool file_backed(const point_key &k)
{
	return k.backing == "file_shared" || k.backing == "file_private";
}

// -1 the new kernel is slower, 1 faster, 0 not significant.
int direction(const interval &ci)
{
	return ci.lo > 1 ? 1 : ci.hi < 1 ? -1 : 0;
}

std::string agreement(const interval &counted, const interval &wall)
{
	const int c = direction(counted), w = direction(wall);
	if (c == w)
		return c ? "same" : "-";
	if (c && w)
		return "OPPOSITE";
	return c ? "counted only" : "wall only";
}

std::string ratio_cell(double ratio, const interval &ci)
{
	return figure("%.3f", ratio) + " [" + figure("%.3f", ci.lo) + ", " +
	       figure("%.3f", ci.hi) + "] " +
	       figure("%.1f %%", relative_width(ratio, ci) * 100);
}

std::string cv_cell(const compared_point &p)
{
	return figure("%.2f %%", p.base.cv * 100) + " / " +
	       figure("%.2f %%", p.next.cv * 100);
}

} // namespace

double relative_width(double ratio, const interval &ci)
{
	return ratio > 0 ? (ci.hi - ci.lo) / ratio : 0;
}

spread_summary summarise_spread(const comparison &c, long min_vmas)
{
	spread_summary s;
	s.min_vmas = min_vmas;
	for (const compared_point &p : c.points) {
		if (p.key.vmas >= min_vmas)
			for (const kernel_point *k : {&p.base, &p.next})
				if (k->cv > s.worst_cv) {
					s.worst_cv = k->cv;
					s.worst_cv_point =
						p.key.name() + " (" +
						(k == &p.base ? c.base_label
							      : c.new_label) +
						")";
				}
		if (p.key.guard != "guard" || !file_backed(p.key))
			continue;
		const double w = relative_width(p.ratio, p.ratio_ci);
		if (p.key.vmas >= min_vmas &&
		    w > s.widest_file_guard_interval) {
			s.widest_file_guard_interval = w;
			s.widest_point = p.key.name();
		}
		if (w > s.widest_file_guard_interval_any) {
			s.widest_file_guard_interval_any = w;
			s.widest_point_any = p.key.name();
		}
	}
	return s;
}

std::string spread_lines(const comparison &c)
{
	const spread_summary s = summarise_spread(c);
	std::ostringstream md;
	md << "Largest pooled CV at N >= " << s.min_vmas << ": "
	   << figure("%.2f %%", s.worst_cv * 100)
	   << (s.worst_cv_point.empty() ? "" : " (" + s.worst_cv_point + ")")
	   << ".\nWidest old/new interval of a guarded file point, relative "
	      "to its ratio, at N >= "
	   << s.min_vmas << ": "
	   << figure("%.2f %%", s.widest_file_guard_interval * 100)
	   << (s.widest_point.empty() ? "" : " (" + s.widest_point + ")")
	   << "; at any N: "
	   << figure("%.2f %%", s.widest_file_guard_interval_any * 100)
	   << (s.widest_point_any.empty() ? ""
					  : " (" + s.widest_point_any + ")")
	   << ".\n";
	return md.str();
}

std::string clocks_table(const comparison &counted, const comparison &wall)
{
	std::map<point_key, const compared_point *> by_key;
	for (const compared_point &p : wall.points)
		by_key[p.key] = &p;
	std::ostringstream md;
	md << "# fork latency by two clocks: " << counted.base_label
	   << " (old) against " << counted.new_label << " (new)\n\n"
	   << "The same boots' kernels measured with counted instructions ("
	   << counted.unit << ") and with the wall clock (" << wall.unit
	   << "), the boots of both interleaved in one run. Per clock: "
	      "old/new [95 % interval] and the interval's width relative to "
	      "the ratio; pooled CV old / new. agree: whether both clocks "
	      "see the same significant direction (`-`: neither sees a "
	      "difference).\n\n"
	   << "| point | counted old/new [CI] width | counted CV | wall "
	      "old/new [CI] width | wall CV | agree |\n"
	   << "|---|--:|--:|--:|--:|---|\n";
	for (const compared_point &c : counted.points) {
		const auto w = by_key.find(c.key);
		if (w == by_key.end())
			continue;
		md << "| " << c.key.name() << " | "
		   << ratio_cell(c.ratio, c.ratio_ci) << " | " << cv_cell(c)
		   << " | " << ratio_cell(w->second->ratio, w->second->ratio_ci)
		   << " | " << cv_cell(*w->second) << " | "
		   << agreement(c.ratio_ci, w->second->ratio_ci) << " |\n";
	}
	md << "\n## What a guard page costs a fork, by clock\n\n"
	   << "| point | counted guard/none old, new | counted old/new [CI] | "
	      "wall guard/none old, new | wall old/new [CI] |\n"
	   << "|---|--:|--:|--:|--:|\n";
	for (const guard_effect &e : counted.guard_effects)
		for (const guard_effect &f : wall.guard_effects)
			if (f.mode == e.mode && f.backing == e.backing &&
			    f.vmas == e.vmas)
				md << "| " << e.mode << "/" << e.backing << "/"
				   << e.vmas << " | " << figure("%.3f", e.base)
				   << ", " << figure("%.3f", e.next) << " | "
				   << ratio_cell(e.ratio, e.ratio_ci) << " | "
				   << figure("%.3f", f.base) << ", "
				   << figure("%.3f", f.next) << " | "
				   << ratio_cell(f.ratio, f.ratio_ci) << " |\n";
	md << "\nCounted: " << spread_lines(counted)
	   << "\nWall: " << spread_lines(wall);
	return md.str();
}

} // namespace guardcheck::bench
