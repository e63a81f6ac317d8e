// SPDX-License-Identifier: GPL-2.0
// Mail and patch text: messages split and decoded by git itself (`git
// mailsplit --mboxrd`, `git mailinfo`, what `git am` and b4 rely on), the
// "[PATCH vN n/m]" subject tags, the diff inside a message (files and hunks)
// and its upstream reference.
#ifndef GUARDCHECK_SERIES_MBOX_H
#define GUARDCHECK_SERIES_MBOX_H

#include <string>
#include <string_view>
#include <vector>

namespace guardcheck::series
{

struct message {
	std::string source;  // "<file>:<line>" where the message starts
	std::string subject; // decoded and unfolded, tags kept (mailinfo -k)
	std::string from;    // "Name <address>", decoded
	std::string date;
	std::string log;   // the commit message, decoded to UTF-8
	std::string patch; // the diff part ("---", diffstat, diff), decoded
	std::string body;  // log + patch
	// The message as git mailsplit wrote it (">From " unescaped, CRs of
	// CRLF lines removed, still in its transfer encoding): fit for `git
	// am`, and what the series' identity is made of.
	std::string raw;
};

// Splits mbox text with `git mailsplit --mboxrd` and decodes every message
// with `git mailinfo` (quoted-printable and base64 bodies, RFC 2047
// headers, charsets to UTF-8, CRLF). Anything that makes the text not an
// mbox (text before the first separator, a message without a Subject:
// header, git refusing it) is appended to errors.
std::vector<message> parse_mbox(std::string_view text,
				const std::string &source,
				std::vector<std::string> &errors);

// One file that is not an mbox: a mail without a separator line (decoded by
// git mailinfo), or a quilt-style patch, whose first line of free text (or
// else the file's name) stands for the subject.
message parse_single(std::string_view text, const std::string &source,
		     const std::string &fallback_subject);

// The messages as one mboxrd text for `git am --patch-format=mboxrd`: body
// lines that read "From " (after any '>') get one more '>'.
std::string mboxrd_of(const std::vector<std::string> &raw_messages);

struct subject_tags {
	bool reply = false; // "Re:" / "Fwd:" in front
	bool patch = false; // a [PATCH ...] (or [RFC PATCH ...]) tag
	int version = 1;    // vN, 1 when absent
	int number = 0;	    // n of n/m; 0 when absent
	int total = 0;	    // m of n/m; 0 when absent
	std::string tag;    // the bracket's text
	std::string title;  // the subject without tags and "Re:"
};

subject_tags parse_subject(std::string_view subject);

struct hunk {
	int old_start = 0;
	int old_count = 0;
	int new_start = 0;
	int new_count = 0;
};

struct file_diff {
	std::string path; // as in the tree (a/ and b/ removed)
	std::vector<hunk> hunks;
};

struct diff {
	std::vector<file_diff> files;
	std::vector<std::string> errors; // truncated or malformed hunks
	bool empty() const
	{
		return files.empty();
	}
};

// The diff in a message body (git or unified diff).
diff parse_diff(std::string_view body);

// The path of a "--- a/x" / "+++ b/x" line's rest: without a tab-separated
// date and without the a/ or b/ prefix.
std::string diff_path(std::string path);

struct upstream_ref {
	std::string sha; // lowercase hex, as written (7..40 digits)
	std::string how; // the convention that named it
};

// "commit <sha> upstream.", "[ Upstream commit <sha> ]" or "(cherry picked
// from commit <sha>)" in the commit message (before the diff).
upstream_ref find_upstream(std::string_view body);

// Lowercase, runs of blanks as one space, no trailing '.': for comparing
// subjects.
std::string normalize_subject(std::string_view s);

std::vector<std::string> split_lines(std::string_view text);

} // namespace guardcheck::series

#endif
